package io.candlestream.sink;

import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.candlestream.sink.TestCandles.BTC;
import static io.candlestream.sink.TestCandles.candle;
import static io.candlestream.sink.TestCandles.withLateTrade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link CandleSink} in a Flink job on a MiniCluster, writing into a real PostgreSQL. */
class CandleSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private Connection connection;

    @BeforeEach
    void createTable() throws SQLException {
        connection = POSTGRES.connection();
        CandleTable.ensureExists(connection);
    }

    @Test
    void jobWritesExactlyTheCandlesOfTheStream() throws Exception {
        List<Candle> candles = new ArrayList<>();
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        for (String symbol : List.of("BTCUSDT", "ETHUSDT", "XRPETH")) {
            for (int minute = 0; minute < 250; minute++) {
                candles.add(candle(StreamId.of("binance", symbol), "1m", start.plusSeconds(60L * minute).toString(),
                        new BigDecimal("100.00000001").add(BigDecimal.valueOf(minute, 4)).toPlainString(),
                        1000L + 10L * minute));
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        env.fromData(candles)
                .sinkTo(CandleSink.create(POSTGRES.settings(), CandleSinkOptions.builder().batchSize(100).build()))
                .name("candles to PostgreSQL");
        env.execute("candle sink");

        assertThat(CandleTable.readAll(connection, "binance")).hasSize(750);
        CandleRows.assertTableEquals(connection, candles);
    }

    @Test
    void candleUpdatedWithinOneBatchIsWrittenInItsLaterVersion() throws Exception {
        Candle first = candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10);
        Candle other = candle(BTC, "1m", "2024-05-01T00:01:00Z", "101", 20);
        Candle updated = withLateTrade(first, "90", "1.5");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // No interval and a large batch: all three rows go to PostgreSQL in the one batch flushed at end of input.
        CandleSinkOptions oneBatch = CandleSinkOptions.builder().batchSize(1000).batchInterval(Duration.ZERO).build();

        env.fromData(first, other, updated).sinkTo(CandleSink.create(POSTGRES.settings(), oneBatch));
        env.execute("candle sink, one batch");

        CandleRows.assertTableEquals(connection, List.of(updated, other));
    }

    @Test
    void jobFailsInsteadOfHangingWhenTheDatabaseIsDown() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JdbcSettings down = JdbcSettings.of("jdbc:postgresql://localhost:" + port + "/candles", "writer", "s3cret");
        Configuration noRestart = new Configuration();
        noRestart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestart);
        env.setParallelism(1);
        env.fromData(candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10))
                .sinkTo(CandleSink.create(down, CandleSinkOptions.defaults()));

        Throwable failure = catchThrowable(() -> env.execute("candle sink, database down"));

        // The task fails (so Flink's restart strategy takes over) and no message in the chain shows the password.
        assertThat(failure).isNotNull();
        assertThat(ExceptionUtils.findThrowable(failure, ConnectException.class)).isPresent();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
        }
    }

    @Test
    void candlesAreSerializedByFlinkAsPojosNotKryo() {
        assertThat(TypeInformation.of(Candle.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
