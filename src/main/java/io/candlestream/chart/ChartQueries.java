package io.candlestream.chart;

import io.candlestream.sink.BackfillTable;
import io.candlestream.sink.CandleTable;
import io.candlestream.sink.JdbcSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chart's reads of PostgreSQL: which streams and intervals the table holds, a stream's last candles (a bounded
 * window) and the backfills that overlap them. Each call opens its own short connection (the chart is polled every
 * few seconds, so a pool would only hold connections the job could use).
 */
final class ChartQueries {

    /** The most candles one request returns. */
    static final int MAX_WINDOW = 2000;

    private static final String STREAMS_SQL = "select distinct feed, symbol, \"interval\" from " + CandleTable.NAME
            + " order by feed, symbol, \"interval\"";

    /** The last {@code limit} buckets, newest first (reversed by the caller). */
    private static final String CANDLES_SQL = "select bucket_start, open, high, low, close, volume, trade_count from "
            + CandleTable.NAME + " where feed = ? and symbol = ? and \"interval\" = ? order by bucket_start desc"
            + " limit ?";

    private static final String BACKFILLS_SQL = "select first_trade_time, last_trade_time, trades, requests, reason"
            + " from " + BackfillTable.NAME + " where feed = ? and symbol = ? and trades > 0"
            + " and last_trade_time >= ? and first_trade_time < ? order by first_trade_time limit 1000";

    private final JdbcSettings jdbc;

    ChartQueries(JdbcSettings jdbc) {
        this.jdbc = jdbc;
    }

    /** Feed:symbol → intervals in the candles table. */
    Map<String, List<String>> streams() throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(STREAMS_SQL);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1) + ":" + rs.getString(2), k -> new ArrayList<>())
                        .add(rs.getString(3));
            }
        }
        return out;
    }

    /** One candle as the chart draws it; decimals as text, so the page shows the table's exact values. */
    record Bar(long bucketStart, String open, String high, String low, String close, String volume, long trades) {}

    /** A filled gap as a marker: the time range of the trades it loaded. */
    record Fill(long firstTradeTime, long lastTradeTime, long trades, long requests, String reason) {}

    /** The last {@code limit} candles of a stream and interval, oldest first. */
    List<Bar> candles(String feed, String symbol, String interval, int limit) throws SQLException {
        List<Bar> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(CANDLES_SQL)) {
            s.setString(1, feed);
            s.setString(2, symbol);
            s.setString(3, interval);
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bar(rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(),
                            rs.getBigDecimal(2).toPlainString(), rs.getBigDecimal(3).toPlainString(),
                            rs.getBigDecimal(4).toPlainString(), rs.getBigDecimal(5).toPlainString(),
                            rs.getBigDecimal(6).toPlainString(), rs.getLong(7)));
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** The fills of a stream whose trades overlap {@code [fromMillis, toMillis)}, by time. */
    List<Fill> backfills(String feed, String symbol, long fromMillis, long toMillis) throws SQLException {
        List<Fill> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(BACKFILLS_SQL)) {
            s.setString(1, feed);
            s.setString(2, symbol);
            s.setObject(3, OffsetDateTime.ofInstant(Instant.ofEpochMilli(fromMillis), ZoneOffset.UTC));
            s.setObject(4, OffsetDateTime.ofInstant(Instant.ofEpochMilli(toMillis), ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Fill(rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(),
                            rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(), rs.getLong(3),
                            rs.getLong(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return out; // no backfills table (yet): no markers
            }
            throw e;
        }
        return out;
    }

    private Connection connect() throws SQLException {
        return jdbc.connect(Duration.ofSeconds(5));
    }
}
