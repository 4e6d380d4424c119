package io.candlestream.sink;

import io.candlestream.audit.BackfillRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code backfills} table beside {@code candles}: one row per gap chunk the job filled (the audit trail of what
 * was loaded from history, and why), created when missing and read back (for tests, the chart's markers and people).
 */
public final class BackfillTable {

    /** The table name. */
    public static final String NAME = "backfills";

    /**
     * The table; the key is the gap's stream and exclusive cursor bounds, so a replay of the same gap after a failure
     * maps to the same row.
     */
    public static final String CREATE_SQL =
            "create table if not exists " + NAME + " (\n"
                    + "  feed text not null,\n"
                    + "  symbol text not null,\n"
                    + "  after_cursor bigint not null,\n"
                    + "  before_cursor bigint not null,\n"
                    + "  first_cursor bigint,\n"
                    + "  last_cursor bigint,\n"
                    + "  first_trade_time timestamptz,\n"
                    + "  last_trade_time timestamptz,\n"
                    + "  trades bigint not null,\n"
                    + "  requests bigint not null,\n"
                    + "  reason text not null,\n"
                    + "  filled_at timestamptz not null,\n"
                    + "  primary key (feed, symbol, after_cursor, before_cursor)\n"
                    + ")";

    /** Index for "what was filled since ...". */
    public static final String INDEX_SQL =
            "create index if not exists " + NAME + "_filled_at on " + NAME + " (filled_at)";

    /** Index for the chart's markers: a stream's fills by trade time. */
    public static final String TIME_INDEX_SQL =
            "create index if not exists " + NAME + "_stream_time on " + NAME + " (feed, symbol, first_trade_time)";

    private static final String READ_ALL_SQL =
            "select feed, symbol, after_cursor, before_cursor, first_cursor, last_cursor, first_trade_time,"
                    + " last_trade_time, trades, requests, reason, filled_at from " + NAME
                    + " where feed = ? order by symbol, after_cursor, before_cursor";

    private BackfillTable() {}

    /** Creates the table and its indexes if they do not exist (idempotent, safe while jobs write to it). */
    public static void ensureExists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_SQL);
            statement.execute(INDEX_SQL);
            statement.execute(TIME_INDEX_SQL);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /** Every row of {@code feed}, by symbol and cursor. */
    public static List<BackfillRecord> readAll(Connection connection, String feed) throws SQLException {
        Objects.requireNonNull(feed, "feed");
        try (PreparedStatement statement = connection.prepareStatement(READ_ALL_SQL)) {
            statement.setString(1, feed);
            try (ResultSet rs = statement.executeQuery()) {
                List<BackfillRecord> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new BackfillRecord(rs.getString("feed"), rs.getString("symbol"),
                            rs.getLong("after_cursor"), rs.getLong("before_cursor"),
                            rs.getObject("first_cursor", Long.class), rs.getObject("last_cursor", Long.class),
                            millis(rs.getObject("first_trade_time", OffsetDateTime.class)),
                            millis(rs.getObject("last_trade_time", OffsetDateTime.class)),
                            rs.getLong("trades"), rs.getLong("requests"), rs.getString("reason"),
                            rs.getObject("filled_at", OffsetDateTime.class).toInstant().toEpochMilli()));
                }
                return rows;
            }
        }
    }

    private static Long millis(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toEpochMilli();
    }
}
