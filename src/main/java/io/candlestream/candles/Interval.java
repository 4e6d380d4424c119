package io.candlestream.candles;

import java.io.Serializable;

/** Placeholder until the candles branch lands (replaced by the real Interval). */
public record Interval(String label, long millis) implements Serializable {
    public static Interval parse(String text) {
        return switch (text) {
            case "1m" -> new Interval(text, 60_000);
            case "5m" -> new Interval(text, 300_000);
            default -> throw new IllegalArgumentException("'" + text + "' is not an interval");
        };
    }
}
