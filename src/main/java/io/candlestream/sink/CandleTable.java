package io.candlestream.sink;

import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code candles} table of README ("The candles table"): creates it when missing (a TimescaleDB hypertable when that extension is
 * installed) and reads it back, for tests and for resuming from the database.
 *
 * <p>The table name is fixed; every value reaches SQL as a bind parameter.
 */
public final class CandleTable {

    private static final Logger LOG = LoggerFactory.getLogger(CandleTable.class);

    /** The table name, fixed by the public interface (README, "The candles table"). */
    public static final String NAME = "candles";

    /** The table as README specifies it; {@code interval} is quoted because it is also an SQL keyword. */
    public static final String CREATE_SQL =
            "create table if not exists " + NAME + " (\n"
                    + "  feed text,\n"
                    + "  symbol text,\n"
                    + "  \"interval\" text,\n"
                    + "  bucket_start timestamptz,\n"
                    + "  open numeric,\n"
                    + "  high numeric,\n"
                    + "  low numeric,\n"
                    + "  close numeric,\n"
                    + "  volume numeric,\n"
                    + "  quote_volume numeric,\n"
                    + "  trade_count bigint,\n"
                    + "  first_cursor bigint,\n"
                    + "  last_cursor bigint,\n"
                    + "  updated_at timestamptz,\n"
                    + "  primary key (feed, symbol, \"interval\", bucket_start)\n"
                    + ")";

    private static final String HAS_TIMESCALE_SQL = "select 1 from pg_extension where extname = 'timescaledb'";

    /** TimescaleDB 2.13 and later: the dimension as {@code by_range(column)}. */
    static final String HYPERTABLE_SQL = "select create_hypertable('" + NAME + "', by_range('bucket_start'),"
            + " if_not_exists => true, migrate_data => true)";

    /** TimescaleDB before 2.13 (no {@code by_range}): the column name directly, the call those versions know. */
    static final String LEGACY_HYPERTABLE_SQL =
            "select create_hypertable('" + NAME + "', 'bucket_start', if_not_exists => true, migrate_data => true)";

    /** PostgreSQL's "undefined function": the server's TimescaleDB has no {@code by_range}. */
    private static final String UNDEFINED_FUNCTION = "42883";

    private static final String COLUMNS =
            "feed, symbol, \"interval\", bucket_start, open, high, low, close, volume, quote_volume, trade_count,"
                    + " first_cursor, last_cursor";

    private static final String READ_ALL_SQL =
            "select " + COLUMNS + " from " + NAME + " where feed = ? order by symbol, \"interval\", bucket_start";

    private static final String LAST_ROW_SQL =
            "select bucket_start, last_cursor from " + NAME + " where feed = ? and symbol = ? and \"interval\" = ?"
                    + " order by bucket_start desc limit 1";

    private static final String READ_RANGE_SQL =
            "select " + COLUMNS + " from " + NAME + " where feed = ? and symbol = ? and \"interval\" = ?"
                    + " and bucket_start >= ? and bucket_start < ? order by bucket_start";

    private static final String EXISTS_SQL = "select to_regclass('" + NAME + "') is not null";

    private CandleTable() {}

    /** Whether the candles table exists (without creating it). */
    public static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(EXISTS_SQL)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The bucket start (epoch millis) and {@code last_cursor} (inclusive) of a stream's latest row at an interval. */
    public record LastRow(long bucketStart, long lastCursor) {}

    /** The latest row of {@code stream} at {@code interval}, or empty when the table has no candle for it. */
    public static Optional<LastRow> lastRow(Connection connection, StreamId stream, String interval)
            throws SQLException {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(interval, "interval");
        try (PreparedStatement statement = connection.prepareStatement(LAST_ROW_SQL)) {
            statement.setString(1, stream.feed());
            statement.setString(2, stream.symbol());
            statement.setString(3, interval);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                        ? Optional.of(new LastRow(rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(),
                                rs.getLong(2)))
                        : Optional.empty();
            }
        }
    }

    /** The candles of {@code stream} at {@code interval} whose bucket starts in {@code [fromMillis, toMillis)}. */
    public static List<Candle> readRange(Connection connection, StreamId stream, String interval, long fromMillis,
            long toMillis) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(READ_RANGE_SQL)) {
            statement.setString(1, stream.feed());
            statement.setString(2, stream.symbol());
            statement.setString(3, interval);
            statement.setObject(4, java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(fromMillis),
                    java.time.ZoneOffset.UTC));
            statement.setObject(5, java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(toMillis),
                    java.time.ZoneOffset.UTC));
            try (ResultSet rs = statement.executeQuery()) {
                List<Candle> candles = new ArrayList<>();
                while (rs.next()) {
                    candles.add(toCandle(rs));
                }
                return candles;
            }
        }
    }

    /**
     * Creates the table if it does not exist (idempotent, safe while other jobs write to it) and, when the
     * {@code timescaledb} extension is installed, makes it a hypertable on {@code bucket_start}.
     *
     * @return whether the table is a TimescaleDB hypertable
     */
    public static boolean ensureExists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_SQL);
            boolean timescale;
            try (ResultSet rs = statement.executeQuery(HAS_TIMESCALE_SQL)) {
                timescale = rs.next();
            }
            if (timescale) {
                makeHypertable(connection, statement);
                LOG.info("Table {} is a TimescaleDB hypertable on bucket_start", NAME);
            } else {
                LOG.info("Extension timescaledb is not installed: table {} stays a plain PostgreSQL table", NAME);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return timescale;
        }
    }

    /**
     * The current {@code create_hypertable(…, by_range(…))} call, and the old one when the server's TimescaleDB is
     * older than 2.13 and does not know {@code by_range} (rolled back to a savepoint first inside a transaction).
     */
    private static void makeHypertable(Connection connection, Statement statement) throws SQLException {
        java.sql.Savepoint before = connection.getAutoCommit() ? null : connection.setSavepoint();
        try {
            statement.execute(HYPERTABLE_SQL);
        } catch (SQLException e) {
            if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                throw e;
            }
            if (before != null) {
                connection.rollback(before);
            }
            LOG.info("TimescaleDB before 2.13 (no by_range): creating the hypertable with the old call");
            statement.execute(LEGACY_HYPERTABLE_SQL);
        }
    }

    /** Every candle of {@code feed}, ordered by symbol, interval and bucket start. */
    public static List<Candle> readAll(Connection connection, String feed) throws SQLException {
        Objects.requireNonNull(feed, "feed");
        try (PreparedStatement statement = connection.prepareStatement(READ_ALL_SQL)) {
            statement.setString(1, feed);
            try (ResultSet rs = statement.executeQuery()) {
                List<Candle> candles = new ArrayList<>();
                while (rs.next()) {
                    candles.add(toCandle(rs));
                }
                return candles;
            }
        }
    }

    private static Candle toCandle(ResultSet rs) throws SQLException {
        return new Candle(
                new StreamId(rs.getString("feed"), rs.getString("symbol")),
                rs.getString("interval"),
                rs.getObject("bucket_start", OffsetDateTime.class).toInstant().toEpochMilli(),
                rs.getBigDecimal("open"),
                rs.getBigDecimal("high"),
                rs.getBigDecimal("low"),
                rs.getBigDecimal("close"),
                rs.getBigDecimal("volume"),
                rs.getBigDecimal("quote_volume"),
                rs.getLong("trade_count"),
                rs.getLong("first_cursor"),
                rs.getLong("last_cursor"));
    }
}
