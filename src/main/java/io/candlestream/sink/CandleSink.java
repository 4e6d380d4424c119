package io.candlestream.sink;

import io.candlestream.model.Candle;

import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * The Flink sink that writes candles to the {@code candles} table as a batched, idempotent upsert: replaying a
 * candle after a failure rewrites the identical row, so an at-least-once sink gives exactly-once rows.
 *
 * <p>Each candle is one single-row statement in a JDBC batch, executed in order. A candle that occurs twice in one
 * batch (a late trade updated it) is therefore simply written twice and the later version wins; a multi-row
 * {@code insert ... on conflict do update} would be rejected by PostgreSQL for that batch.
 *
 * <p>Rows of one candle must reach the same sink subtask in order: connect the sink with a forward edge to the
 * keyed candle operator (same parallelism), not through a rebalance.
 *
 * <p>On a failed batch the connector re-executes it up to {@link CandleSinkOptions#maxRetries()} times (sleeping
 * 0, 1, 2, ... s), reconnecting when the connection is broken; if reconnecting fails (the server is down) or the
 * retries are exhausted, the task fails and Flink's restart strategy restores it from the last checkpoint, whose
 * rows were all flushed before the checkpoint completed.
 */
public final class CandleSink {

    /** The upsert; primary key = (feed, symbol, interval, bucket_start), see {@link CandleTable}. */
    public static final String UPSERT_SQL =
            "insert into " + CandleTable.NAME + " (feed, symbol, \"interval\", bucket_start,"
                    + " open, high, low, close, volume, quote_volume, trade_count, first_cursor, last_cursor,"
                    + " updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
                    + " on conflict (feed, symbol, \"interval\", bucket_start) do update set"
                    + " open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,"
                    + " volume = excluded.volume, quote_volume = excluded.quote_volume,"
                    + " trade_count = excluded.trade_count, first_cursor = excluded.first_cursor,"
                    + " last_cursor = excluded.last_cursor, updated_at = now()";

    private CandleSink() {}

    /**
     * An at-least-once JDBC sink upserting into {@code candles}; the table must exist ({@link CandleTable}). Its
     * writers never throw on close, so a database outage fails the task, not the TaskManager
     * ({@link CloseSafeJdbcSink}).
     */
    public static Sink<Candle> create(JdbcSettings settings, CandleSinkOptions options) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        return new CloseSafeJdbcSink<>(JdbcSink.<Candle>builder()
                .withQueryStatement(UPSERT_SQL, new UpsertStatementBuilder())
                .withExecutionOptions(options.executionOptions())
                .buildAtLeastOnce(settings.connectionOptions()));
    }

    /**
     * Binds {@code candle} to the parameters of {@link #UPSERT_SQL}: the bucket start as a UTC
     * {@link OffsetDateTime}, so the session time zone cannot shift it, prices and volumes as exact decimals.
     */
    public static void bind(PreparedStatement statement, Candle candle) throws SQLException {
        statement.setString(1, candle.stream().feed());
        statement.setString(2, candle.stream().symbol());
        statement.setString(3, candle.interval());
        statement.setObject(4, OffsetDateTime.ofInstant(Instant.ofEpochMilli(candle.bucketStart()), ZoneOffset.UTC));
        statement.setBigDecimal(5, candle.open());
        statement.setBigDecimal(6, candle.high());
        statement.setBigDecimal(7, candle.low());
        statement.setBigDecimal(8, candle.close());
        statement.setBigDecimal(9, candle.volume());
        statement.setBigDecimal(10, candle.quoteVolume());
        statement.setLong(11, candle.tradeCount());
        statement.setLong(12, candle.firstCursor());
        statement.setLong(13, candle.lastCursor());
    }

    /** The connector's statement builder: {@link #bind}. */
    private static final class UpsertStatementBuilder implements JdbcStatementBuilder<Candle> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement statement, Candle candle) throws SQLException {
            bind(statement, candle);
        }
    }
}
