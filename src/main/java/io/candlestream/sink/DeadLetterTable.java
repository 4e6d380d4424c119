package io.candlestream.sink;

import io.candlestream.model.Cursor;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.StreamId;
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
 * The {@code dead_letters} table beside {@code candles}: one row per rejected input, keyed by
 * {@link DeadLetter#key()}; created when missing and read back (for tests and for people asking what was rejected).
 */
public final class DeadLetterTable {

    /** The table name. */
    public static final String NAME = "dead_letters";

    /** The table; {@code id} is {@link DeadLetter#key()}, so a replayed rejection maps to the same row. */
    public static final String CREATE_SQL =
            "create table if not exists " + NAME + " (\n"
                    + "  id text primary key,\n"
                    + "  feed text not null,\n"
                    + "  symbol text not null,\n"
                    + "  kind text not null,\n"
                    + "  cursor text,\n"
                    + "  trade_time timestamptz,\n"
                    + "  seen_at timestamptz not null,\n"
                    + "  reason text not null,\n"
                    + "  excerpt text not null\n"
                    + ")";

    /** Index for "what was rejected since ...". */
    public static final String INDEX_SQL =
            "create index if not exists " + NAME + "_seen_at on " + NAME + " (seen_at)";

    private static final String READ_ALL_SQL =
            "select feed, symbol, kind, cursor, trade_time, seen_at, reason, excerpt from " + NAME
                    + " where feed = ? order by seen_at, symbol, kind, cursor, id";

    private DeadLetterTable() {}

    /** Creates the table and its index if they do not exist (idempotent, safe while jobs write to it). */
    public static void ensureExists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_SQL);
            statement.execute(INDEX_SQL);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /** Every dead letter of {@code feed}, ordered by the time it was seen. */
    public static List<DeadLetter> readAll(Connection connection, String feed) throws SQLException {
        Objects.requireNonNull(feed, "feed");
        try (PreparedStatement statement = connection.prepareStatement(READ_ALL_SQL)) {
            statement.setString(1, feed);
            try (ResultSet rs = statement.executeQuery()) {
                List<DeadLetter> letters = new ArrayList<>();
                while (rs.next()) {
                    OffsetDateTime tradeTime = rs.getObject("trade_time", OffsetDateTime.class);
                    letters.add(new DeadLetter(
                            new StreamId(rs.getString("feed"), rs.getString("symbol")),
                            DeadLetter.Kind.valueOf(rs.getString("kind")),
                            rs.getString("excerpt"),
                            rs.getString("reason"),
                            rs.getObject("seen_at", OffsetDateTime.class).toInstant().toEpochMilli(),
                            parseCursor(rs.getString("cursor")),
                            tradeTime == null ? null : tradeTime.toInstant().toEpochMilli()));
                }
                return letters;
            }
        }
    }

    /** The {@code cursor} column: {@link Cursor#toString()}, {@code height} or {@code height/index}. */
    static String cursorColumn(Cursor cursor) {
        return cursor == null ? null : cursor.toString();
    }

    private static Cursor parseCursor(String column) {
        if (column == null) {
            return null;
        }
        int slash = column.indexOf('/');
        return slash < 0 ? Cursor.ofId(Long.parseLong(column))
                : new Cursor(Long.parseLong(column.substring(0, slash)), Integer.parseInt(column.substring(slash + 1)));
    }
}
