package io.candlestream.verify;

import io.candlestream.model.Candle;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The comparison of one stream and interval: the table's candles against the exchange's, bucket by bucket.
 * Prices, volume and trade count must be equal by value; the quote volume within half a unit of the last decimal the
 * exchange writes (Binance rounds it to 8 decimals, the table keeps it exact).
 */
public record CandleDiff(int compared, int equal, List<String> differences, List<Long> missing, List<Long> extra) {

    /** Differences and missing buckets printed per stream and interval. */
    public static final int SHOWN = 5;

    /** Compares {@code table} (one stream and interval) with {@code exchange}, both in the same bucket window. */
    public static CandleDiff of(List<Candle> table, List<ExchangeCandle> exchange) {
        Map<Long, Candle> rows = new TreeMap<>();
        for (Candle candle : table) {
            rows.put(candle.bucketStart(), candle);
        }
        Map<Long, ExchangeCandle> theirs = new LinkedHashMap<>();
        for (ExchangeCandle candle : exchange) {
            theirs.put(candle.bucketStart(), candle);
        }
        int compared = 0;
        int equal = 0;
        List<String> differences = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (ExchangeCandle their : theirs.values()) {
            Candle ours = rows.get(their.bucketStart());
            if (ours == null) {
                missing.add(their.bucketStart());
                continue;
            }
            compared++;
            String difference = difference(ours, their);
            if (difference.isEmpty()) {
                equal++;
            } else {
                differences.add(Instant.ofEpochMilli(their.bucketStart()) + ": " + difference);
            }
        }
        List<Long> extra = rows.keySet().stream().filter(bucket -> !theirs.containsKey(bucket)).toList();
        return new CandleDiff(compared, equal, differences, missing, extra);
    }

    /** Whether every bucket is on both sides and equal. */
    public boolean allEqual() {
        return differences.isEmpty() && missing.isEmpty() && extra.isEmpty();
    }

    static String difference(Candle ours, ExchangeCandle their) {
        List<String> fields = new ArrayList<>();
        compare(fields, "open", ours.open(), their.open());
        compare(fields, "high", ours.high(), their.high());
        compare(fields, "low", ours.low(), their.low());
        compare(fields, "close", ours.close(), their.close());
        compare(fields, "volume", ours.volume(), their.volume());
        BigDecimal halfUnit = BigDecimal.ONE.movePointLeft(Math.max(0, their.quoteVolume().scale()))
                .divide(BigDecimal.valueOf(2));
        if (ours.quoteVolume().subtract(their.quoteVolume()).abs().compareTo(halfUnit) > 0) {
            fields.add("quote_volume table " + ours.quoteVolume().toPlainString() + " exchange "
                    + their.quoteVolume().toPlainString());
        }
        if (ours.tradeCount() != their.trades()) {
            fields.add("trade_count table " + ours.tradeCount() + " exchange " + their.trades());
        }
        return String.join("; ", fields);
    }

    private static void compare(List<String> fields, String name, BigDecimal ours, BigDecimal theirs) {
        if (ours.compareTo(theirs) != 0) {
            fields.add(name + " table " + ours.toPlainString() + " exchange " + theirs.toPlainString());
        }
    }
}
