package io.candlestream.sink;

import io.candlestream.model.Candle;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;

import static io.candlestream.sink.TestCandles.BTC;
import static io.candlestream.sink.TestCandles.ETH;
import static io.candlestream.sink.TestCandles.candle;
import static io.candlestream.sink.TestCandles.upsertBatch;
import static io.candlestream.sink.TestCandles.withLateTrade;
import static org.assertj.core.api.Assertions.assertThat;

/** The upsert statement and binding of {@link CandleSink}, executed as JDBC batches the way the connector does. */
class CandleUpsertITCase {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private Connection connection;

    @BeforeEach
    void createTable() throws SQLException {
        connection = POSTGRES.connection();
        CandleTable.ensureExists(connection);
    }

    @Test
    void upsertingTheSameCandlesTwiceLeavesIdenticalRows() throws SQLException {
        List<Candle> candles = List.of(
                candle(BTC, "1m", "2024-05-01T00:00:00Z", "100.10", 10),
                candle(BTC, "1m", "2024-05-01T00:01:00Z", "100.20", 20),
                candle(ETH, "1m", "2024-05-01T00:00:00Z", "3000.5", 7));

        upsertBatch(connection, candles);
        List<Candle> afterFirst = CandleRows.readAll(connection);
        upsertBatch(connection, candles);

        assertThat(CandleRows.readAll(connection)).isEqualTo(afterFirst);
        CandleRows.assertTableEquals(connection, candles);
    }

    @Test
    void updatedCandleOverwritesItsRow() throws SQLException {
        Candle first = candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10);
        Candle updated = withLateTrade(first, "150", "2");
        upsertBatch(connection, List.of(first));

        upsertBatch(connection, List.of(updated));

        CandleRows.assertTableEquals(connection, List.of(updated));
    }

    @Test
    void sameCandleTwiceInOneBatchKeepsTheLaterVersion() throws SQLException {
        Candle first = candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10);
        Candle updated = withLateTrade(first, "90", "1.5");
        Candle other = candle(BTC, "1m", "2024-05-01T00:01:00Z", "101", 20);

        upsertBatch(connection, List.of(first, other, updated));

        CandleRows.assertTableEquals(connection, List.of(updated, other));
    }

    @Test
    void updatedAtIsSetOnInsertAndOnUpdate() throws SQLException {
        Candle first = candle(BTC, "1m", "2024-05-01T00:00:00Z", "100", 10);
        upsertBatch(connection, List.of(first));
        upsertBatch(connection, List.of(withLateTrade(first, "150", "2")));

        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select count(*) from candles where updated_at is null or updated_at > now()")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void decimalsRoundTripExactlyWithTheirScale() throws SQLException {
        Candle candle = new Candle(
                BTC,
                "1m",
                Instant.parse("2024-05-01T00:00:00Z").toEpochMilli(),
                new BigDecimal("0.00000001"),
                new BigDecimal("123456789.123456789"),
                new BigDecimal("0.00000001"),
                new BigDecimal("1.50"),
                new BigDecimal("98765432109876543210.000000000000000001"),
                new BigDecimal("0.1").add(new BigDecimal("0.2")),
                Long.MAX_VALUE,
                Long.MAX_VALUE - 1,
                Long.MAX_VALUE);

        upsertBatch(connection, List.of(candle));

        // Exact equality, scale included: the row carries the digits the exchange wrote.
        assertThat(CandleTable.readAll(connection, "binance")).containsExactly(candle);
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select open::text, high::text, quote_volume::text from candles")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("0.00000001");
            assertThat(rs.getString(2)).isEqualTo("123456789.123456789");
            assertThat(rs.getString(3)).isEqualTo("0.3");
        }
    }

    @Test
    void bucketStartIsTheSameInstantWhateverTheJvmAndSessionTimeZone() throws SQLException {
        Instant bucket = Instant.parse("2024-03-10T07:00:00Z"); // a DST switch in America/New_York
        Candle candle = candle(BTC, "1m", bucket.toString(), "100", 10);
        TimeZone original = TimeZone.getDefault();
        try {
            // pgjdbc sends the JVM zone as the session TimeZone of new connections.
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
            Connection shifted = POSTGRES.connection();
            try (Statement statement = shifted.createStatement()) {
                statement.execute("set time zone 'America/New_York'");
            }

            upsertBatch(shifted, List.of(candle));

            assertThat(CandleTable.readAll(shifted, "binance")).containsExactly(candle);
        } finally {
            TimeZone.setDefault(original);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("set time zone 'UTC'");
            try (ResultSet rs = statement.executeQuery(
                    "select (extract(epoch from bucket_start) * 1000)::bigint, bucket_start::text from candles")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(bucket.toEpochMilli());
                assertThat(rs.getString(2)).isEqualTo("2024-03-10 07:00:00+00");
            }
        }
        assertThat(CandleTable.readAll(connection, "binance")).containsExactly(candle);
    }
}
