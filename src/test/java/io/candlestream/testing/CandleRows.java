package io.candlestream.testing;

import io.candlestream.model.Candle;
import io.candlestream.sink.CandleTable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads candle rows for comparisons, with decimals compared by value: {@code 1.50} equals {@code 1.5}, as a
 * price written by an exchange with trailing zeros is the same price.
 */
public final class CandleRows {

    /** Order of the rows: feed, symbol, interval, bucket start. */
    public static final Comparator<Candle> ROW_ORDER =
            Comparator.comparing(Candle::stream)
                    .thenComparing(Candle::interval)
                    .thenComparingLong(Candle::bucketStart);

    private CandleRows() {}

    /** Every candle row of every feed, in {@link #ROW_ORDER}. */
    public static List<Candle> readAll(Connection connection) throws SQLException {
        List<String> feeds = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select distinct feed from " + CandleTable.NAME + " order by feed")) {
            while (rs.next()) {
                feeds.add(rs.getString(1));
            }
        }
        List<Candle> all = new ArrayList<>();
        for (String feed : feeds) {
            all.addAll(CandleTable.readAll(connection, feed));
        }
        all.sort(ROW_ORDER);
        return all;
    }

    /** The candles in {@link #ROW_ORDER} with every decimal in its shortest form (trailing zeros stripped). */
    public static List<Candle> normalized(Collection<Candle> candles) {
        return candles.stream().map(CandleRows::normalized).sorted(ROW_ORDER).toList();
    }

    /** {@code candle} with every decimal in its shortest form, so that equal values compare equal. */
    public static Candle normalized(Candle candle) {
        return new Candle(
                candle.stream(),
                candle.interval(),
                candle.bucketStart(),
                strip(candle.open()),
                strip(candle.high()),
                strip(candle.low()),
                strip(candle.close()),
                strip(candle.volume()),
                strip(candle.quoteVolume()),
                candle.tradeCount(),
                candle.firstCursor(),
                candle.lastCursor());
    }

    /** Asserts that the table holds exactly {@code expected}: no row missing, none extra, every value equal. */
    public static void assertTableEquals(Connection connection, Collection<Candle> expected) throws SQLException {
        assertThat(normalized(readAll(connection)))
                .as("candle rows in PostgreSQL (decimals compared by value)")
                .containsExactlyElementsOf(normalized(expected));
    }

    private static BigDecimal strip(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
