package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.candles.Interval;
import io.candlestream.feed.Feeds;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import io.candlestream.sink.CandleSink;
import io.candlestream.sink.CandleSinkOptions;
import io.candlestream.sink.CandleTable;
import io.candlestream.sink.DeadLetterSink;
import io.candlestream.sink.DeadLetterTable;
import io.candlestream.testing.EmbeddedPostgresExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole pipeline on a MiniCluster writes rejected input to {@code dead_letters} in PostgreSQL, once per input. */
class DeadLetterPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;

    private static final Trade LATE = trade(3, T0 + 30_000, "0.7");
    private static final DeadLetter MALFORMED = DeadLetter.unattributed("binance", DeadLetter.Kind.MALFORMED_FRAME,
            "{\"stream\":\"xrpeth@aggTrade\",\"data\":{\"e\":", "expected a complete JSON object",
            T0 + 61_000);
    private static final DeadLetter REJECTED_PAGE = new DeadLetter(XRPETH, DeadLetter.Kind.PAGE_REJECTED,
            "[{\"a\":5},{\"a\":7}]", "ids 5..7 skip 6", T0 + 62_000, Cursor.ofId(5), null);

    private Connection connection;

    @BeforeEach
    void createTables() throws Exception {
        connection = POSTGRES.connection();
        CandleTable.ensureExists(connection);
        DeadLetterTable.ensureExists(connection);
    }

    @Test
    void writesExactlyTheRejectedInputAndTheSameRowsAgainAfterAReplay() throws Exception {
        long before = System.currentTimeMillis();
        run();
        long after = System.currentTimeMillis();

        List<DeadLetter> rows = DeadLetterTable.readAll(connection, "binance");
        assertThat(rows).hasSize(3);
        assertThat(rows).contains(MALFORMED, REJECTED_PAGE);
        DeadLetter late = rows.stream().filter(r -> r.kind() == DeadLetter.Kind.LATE_TRADE).findFirst().orElseThrow();
        assertThat(late.stream()).isEqualTo(XRPETH);
        assertThat(late.cursor()).isEqualTo(Cursor.ofId(3));
        assertThat(late.tradeTime()).isEqualTo(T0 + 30_000);
        assertThat(late.reason()).isEqualTo(LateTradeLogger.REASON);
        assertThat(late.excerpt()).isEqualTo("price 0.7 quantity 1 raw trades 1");
        assertThat(late.seenAt()).isBetween(before, after);

        // The too-late trade and the dead letters never reached a candle: the first minute has trades 1 and 2 only.
        Candle first = CandleTable.readRange(connection, XRPETH, "1m", T0, T0 + MINUTE).get(0);
        assertThat(first.tradeCount()).isEqualTo(2);
        assertThat(first.lastCursor()).isEqualTo(2);
        List<String> firstRun = tableDump();

        // A replay of the same input (as after a failure) writes no second row and changes none.
        run();
        assertThat(tableDump()).isEqualTo(firstRun);
    }

    private void run() throws Exception {
        ScriptedFeedSource script = new ScriptedFeedSource()
                .event(new StreamStart(XRPETH, T0))
                .event(trade(1, T0 + 10_000, "0.5"))
                .event(trade(2, T0 + 20_000, "0.6"))
                .watermark(T0 + 2 * MINUTE)
                .event(LATE)
                .event(MALFORMED)
                .event(REJECTED_PAGE)
                .event(trade(4, T0 + 2 * MINUTE + 5_000, "0.8"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        PipelineSettings settings = new PipelineSettings(Feeds.byName("binance"),
                HistorySettings.defaults("http://localhost:1"), Duration.ofSeconds(30), 10,
                List.of(Interval.parse("1m")), true, Duration.ZERO);
        CandleSinkOptions options = CandleSinkOptions.builder().batchSize(2).build();
        CandlePipeline.build(env, script, CandleSink.create(POSTGRES.settings(), options),
                DeadLetterSink.create(POSTGRES.settings(), options), settings);
        env.execute("dead letters");
    }

    /** Every dead_letters row, all columns, as text, in id order. */
    private List<String> tableDump() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select * from " + DeadLetterTable.NAME + " order by id")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Trade trade(long id, long time, String price) {
        return new Trade(XRPETH, Cursor.ofId(id), time, new BigDecimal(price), BigDecimal.ONE, 1);
    }
}
