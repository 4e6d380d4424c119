package io.candlestream.repair;

import io.candlestream.candles.Interval;
import io.candlestream.sink.DatabaseUnreachableException;
import io.candlestream.sink.JdbcSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The intervals the candles table holds for some streams of a feed: what a repair without {@code --intervals} checks,
 * so a broken 5m row is not passed over because only 1m was looked at.
 */
final class TableIntervals {

    private TableIntervals() {}

    /** The labels of the intervals with at least one row of {@code feed} and one of {@code symbols}, shortest first. */
    static List<String> held(JdbcSettings jdbc, String feed, List<String> symbols) {
        String sql = "select distinct \"interval\" from candles where feed = ? and symbol = any (?)";
        List<Interval> found = new ArrayList<>();
        try (Connection connection = jdbc.connect(Duration.ofSeconds(10));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, feed);
            statement.setArray(2, connection.createArrayOf("text", symbols.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String label = rows.getString(1);
                    try {
                        found.add(Interval.parse(label));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalStateException("the candles table holds interval '" + label + "', which this"
                                + " build does not know; give --intervals", e);
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseUnreachableException(jdbc.redactedUrl(), jdbc.user(),
                    "cannot read the intervals of the candles table: " + e.getMessage(), e);
        }
        found.sort(Comparator.comparingLong(Interval::millis));
        return found.stream().map(Interval::label).toList();
    }
}
