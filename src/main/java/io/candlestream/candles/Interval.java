package io.candlestream.candles;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A candle length from Binance's kline set ({@code 1m} .. {@code 1d}); buckets are aligned to the UTC epoch, so
 * {@code [bucketStart(t), bucketStart(t) + millis())} is the bucket holding time {@code t}.
 *
 * <p>Calendar lengths ({@code 1w}, which Binance aligns to Mondays, and {@code 1M}) are not fixed multiples of the
 * epoch and are not supported. Ordered by length.
 */
public final class Interval implements Comparable<Interval>, Serializable {

    private static final long serialVersionUID = 1L;

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    /** Every supported label and its length, in ascending order. */
    private static final Map<String, Long> SUPPORTED = new LinkedHashMap<>();

    static {
        SUPPORTED.put("1m", MINUTE);
        SUPPORTED.put("3m", 3 * MINUTE);
        SUPPORTED.put("5m", 5 * MINUTE);
        SUPPORTED.put("15m", 15 * MINUTE);
        SUPPORTED.put("30m", 30 * MINUTE);
        SUPPORTED.put("1h", HOUR);
        SUPPORTED.put("2h", 2 * HOUR);
        SUPPORTED.put("4h", 4 * HOUR);
        SUPPORTED.put("6h", 6 * HOUR);
        SUPPORTED.put("8h", 8 * HOUR);
        SUPPORTED.put("12h", 12 * HOUR);
        SUPPORTED.put("1d", 24 * HOUR);
    }

    public static final Interval ONE_MINUTE = parse("1m");

    private final String label;
    private final long millis;

    private Interval(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    /**
     * Parses a label as written on the command line and in the candles table ({@code 1m}, {@code 5m}, {@code 1h},
     * {@code 1d}, ...).
     *
     * @throws IllegalArgumentException naming the value and every allowed label
     */
    public static Interval parse(String label) {
        Objects.requireNonNull(label, "label");
        Long millis = SUPPORTED.get(label);
        if (millis == null) {
            String hint = label.equals("1w") || label.equals("1M") || label.equals("3d")
                    ? " (calendar intervals 1w, 1M and 3d are not supported)"
                    : "";
            throw new IllegalArgumentException("unsupported interval '" + label + "'" + hint + "; allowed: "
                    + String.join(", ", SUPPORTED.keySet()));
        }
        return new Interval(label, millis);
    }

    /** Parses a comma-separated list such as {@code 1m,5m,1h}; sorted by length, duplicates removed. */
    public static List<Interval> parseList(String labels) {
        Objects.requireNonNull(labels, "labels");
        List<Interval> result = new ArrayList<>();
        for (String part : labels.split(",", -1)) {
            Interval interval = parse(part.trim());
            if (!result.contains(interval)) {
                result.add(interval);
            }
        }
        result.sort(null);
        return List.copyOf(result);
    }

    /** Every supported label, shortest first. */
    public static List<String> supportedLabels() {
        return List.copyOf(SUPPORTED.keySet());
    }

    public long millis() {
        return millis;
    }

    /** The labels of {@code intervals}, comma-separated in their order, e.g. {@code 1m,5m}. */
    public static String labels(java.util.Collection<Interval> intervals) {
        return String.join(",", intervals.stream().map(Interval::label).toList());
    }

    /** The label as written, e.g. {@code 5m}; the {@code interval} column of the candles table. */
    public String label() {
        return label;
    }

    /** Start of the bucket holding {@code epochMillis}: the largest multiple of {@link #millis()} at or below it. */
    public long bucketStart(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    @Override
    public int compareTo(Interval other) {
        return Long.compare(millis, other.millis);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Interval other && other.millis == millis && other.label.equals(label);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(millis);
    }

    @Override
    public String toString() {
        return label;
    }
}
