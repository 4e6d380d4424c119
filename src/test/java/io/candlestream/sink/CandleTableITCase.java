package io.candlestream.sink;

import io.candlestream.model.StreamId;
import io.candlestream.testing.EmbeddedPostgresExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.candlestream.sink.TestCandles.BTC;
import static io.candlestream.sink.TestCandles.ETH;
import static io.candlestream.sink.TestCandles.candle;
import static io.candlestream.sink.TestCandles.upsertBatch;
import static org.assertj.core.api.Assertions.assertThat;

class CandleTableITCase {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @Test
    void createdTableHasTheDesignColumnsAndPrimaryKey() throws SQLException {
        Connection connection = POSTGRES.connection();

        CandleTable.ensureExists(connection);

        assertThat(query(connection,
                "select column_name || ' ' || data_type from information_schema.columns"
                        + " where table_name = 'candles' order by ordinal_position"))
                .containsExactly(
                        "feed text",
                        "symbol text",
                        "interval text",
                        "bucket_start timestamp with time zone",
                        "open numeric",
                        "high numeric",
                        "low numeric",
                        "close numeric",
                        "volume numeric",
                        "quote_volume numeric",
                        "trade_count bigint",
                        "first_cursor bigint",
                        "last_cursor bigint",
                        "updated_at timestamp with time zone");
        assertThat(query(connection,
                "select k.column_name from information_schema.table_constraints c"
                        + " join information_schema.key_column_usage k"
                        + " on k.constraint_name = c.constraint_name and k.table_name = c.table_name"
                        + " where c.table_name = 'candles' and c.constraint_type = 'PRIMARY KEY'"
                        + " order by k.ordinal_position"))
                .containsExactly("feed", "symbol", "interval", "bucket_start");
    }

    @Test
    void ensureExistsIsIdempotentAndKeepsRows() throws SQLException {
        Connection connection = POSTGRES.connection();
        CandleTable.ensureExists(connection);
        upsertBatch(connection, List.of(candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10)));

        CandleTable.ensureExists(connection);
        CandleTable.ensureExists(connection);

        assertThat(CandleTable.readAll(connection, "binance")).hasSize(1);
    }

    @Test
    void withoutTimescaleTheTableStaysAPlainTable() throws SQLException {
        Connection connection = POSTGRES.connection();

        boolean hypertable = CandleTable.ensureExists(connection);

        assertThat(hypertable).isFalse();
        assertThat(query(connection, "select relkind::text from pg_class where relname = 'candles'"))
                .containsExactly("r");
    }

    @Test
    void readAllReturnsOneFeedOrderedBySymbolIntervalAndBucket() throws SQLException {
        Connection connection = POSTGRES.connection();
        CandleTable.ensureExists(connection);
        var eth5m = candle(ETH, "5m", "2024-05-01T00:00:00Z", "3000", 50);
        var btc1mLater = candle(BTC, "1m", "2024-05-01T00:01:00Z", "101", 20);
        var btc1m = candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10);
        var btc5m = candle(BTC, "5m", "2024-05-01T00:00:00Z", "100", 20);
        var otherFeed = candle(StreamId.of("ethereum", "POOL"), "1m", "2024-05-01T00:00:00Z", "1", 1);
        upsertBatch(connection, List.of(eth5m, btc1mLater, otherFeed, btc5m, btc1m));

        assertThat(CandleTable.readAll(connection, "binance")).containsExactly(btc1m, btc1mLater, btc5m, eth5m);
        assertThat(CandleTable.readAll(connection, "ethereum")).containsExactly(otherFeed);
    }

    @Test
    void lastRowIsTheLatestBucketOfThatIntervalWithItsLastCursor() throws SQLException {
        Connection connection = POSTGRES.connection();
        CandleTable.ensureExists(connection);
        upsertBatch(connection, List.of(
                candle(BTC, "1m", "2024-05-01T00:02:00Z", "102", 30),
                candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10),
                candle(BTC, "1m", "2024-05-01T00:01:00Z", "101", 20),
                candle(BTC, "5m", "2024-05-01T00:00:00Z", "100", 25),
                candle(ETH, "1m", "2024-05-01T00:03:00Z", "3000", 99)));

        assertThat(CandleTable.lastRow(connection, BTC, "1m")).contains(
                new CandleTable.LastRow(Instant.parse("2024-05-01T00:02:00Z").toEpochMilli(), 30L));
        assertThat(CandleTable.lastRow(connection, BTC, "5m")).contains(
                new CandleTable.LastRow(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli(), 25L));
        assertThat(CandleTable.lastRow(connection, BTC, "1h")).isEmpty();
        assertThat(CandleTable.lastRow(connection, StreamId.of("binance", "XRPETH"), "1m")).isEmpty();
    }

    @Test
    void reachabilityCheckPassesForARunningServer() {
        POSTGRES.settings().checkReachable();
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
