package io.candlestream.sink;

import io.candlestream.audit.BackfillRecord;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The Flink sink that inserts {@link BackfillRecord}s into {@code backfills}, batched and idempotent: the key is the
 * gap's stream and cursor bounds, and a conflict does nothing, so a replay after a failure keeps the first row (with its
 * first {@code filled_at}) and writes no second one.
 *
 * <p>Batching, retries and the close-safe writer are the candle sink's ({@link CandleSinkOptions},
 * {@link CloseSafeJdbcSink}).
 */
public final class BackfillSink {

    /** The insert; a row whose key exists already is left as it is. */
    public static final String INSERT_SQL =
            "insert into " + BackfillTable.NAME + " (feed, symbol, after_cursor, before_cursor, first_cursor,"
                    + " last_cursor, first_trade_time, last_trade_time, trades, requests, reason, filled_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (feed, symbol, after_cursor, before_cursor) do nothing";

    private BackfillSink() {}

    /** An at-least-once JDBC sink into {@code backfills}; the table must exist ({@link BackfillTable}). */
    public static Sink<BackfillRecord> create(JdbcSettings settings, CandleSinkOptions options) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        return new CloseSafeJdbcSink<>(JdbcSink.<BackfillRecord>builder()
                .withQueryStatement(INSERT_SQL, new InsertStatementBuilder())
                .withExecutionOptions(options.executionOptions())
                .buildAtLeastOnce(settings.connectionOptions()));
    }

    /** Binds {@code row} to the parameters of {@link #INSERT_SQL}; times as UTC {@link OffsetDateTime}s. */
    public static void bind(PreparedStatement statement, BackfillRecord row) throws SQLException {
        statement.setString(1, row.feed());
        statement.setString(2, row.symbol());
        statement.setLong(3, row.afterCursor());
        statement.setLong(4, row.beforeCursor());
        setLong(statement, 5, row.firstCursor());
        setLong(statement, 6, row.lastCursor());
        setTime(statement, 7, row.firstTradeTime());
        setTime(statement, 8, row.lastTradeTime());
        statement.setLong(9, row.trades());
        statement.setLong(10, row.requests());
        statement.setString(11, row.reason());
        statement.setObject(12, utc(row.filledAt()));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setTime(PreparedStatement statement, int index, Long epochMillis) throws SQLException {
        if (epochMillis == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, utc(epochMillis));
        }
    }

    private static OffsetDateTime utc(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    /** The connector's statement builder: {@link #bind}. */
    private static final class InsertStatementBuilder implements JdbcStatementBuilder<BackfillRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement statement, BackfillRecord row) throws SQLException {
            bind(statement, row);
        }
    }
}
