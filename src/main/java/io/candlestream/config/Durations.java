package io.candlestream.config;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/**
 * Parses durations as written on the command line, in Flink's own syntax ({@link TimeUtils#parseDuration}), the one
 * {@code flink-conf/config.yaml} uses: {@code 500ms}, {@code 10s}, {@code 2m} or {@code 2min}, {@code 1h},
 * {@code 1d}. A number needs its unit: a bare {@code 10} is refused, because seconds and milliseconds are both
 * plausible readings of it.
 */
public final class Durations {

    private Durations() {}

    /** Parses {@code value} for {@code option}; the error names the option and the allowed form. */
    public static Duration parse(String option, String value) {
        String text = value == null ? "" : value.trim();
        if (!text.isEmpty() && Character.isDigit(text.charAt(text.length() - 1))) {
            throw notADuration(option, value);
        }
        try {
            Duration parsed = TimeUtils.parseDuration(text);
            if (parsed.isNegative()) {
                throw notADuration(option, value);
            }
            return parsed;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notADuration(option, value);
        }
    }

    private static InvalidOptionException notADuration(String option, String value) {
        return new InvalidOptionException(option, "'" + value + "' is not a duration; use e.g. 500ms, 10s, 2min, 1h "
                + "or 1d");
    }

    /** The shortest form that {@link #parse} reads back to the same duration. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
