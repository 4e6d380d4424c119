package io.candlestream.feed.kraken;

import io.candlestream.feed.MalformedFrameException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Kraken's trade times, which are finer than a millisecond on both channels: REST writes seconds with up to seven
 * decimals ({@code 1688669597.8277369}), WebSocket v2 an RFC 3339 time with microseconds
 * ({@code 2023-09-25T07:48:36.925533Z}), and the {@code since}/{@code last} cursor of REST {@code Trades} counts
 * nanoseconds. {@code Trade.time} is epoch milliseconds, so the exact time is <b>floored</b> to its millisecond, never
 * rounded: bucket boundaries are whole milliseconds, so a trade at {@code b − 1 µs} floors to {@code b − 1 ms} and
 * stays in the bucket that ends at {@code b}, while rounding would move it into the next one. Stateless.
 */
final class KrakenTimes {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);

    private KrakenTimes() {}

    /** REST seconds (an exact decimal) floored to epoch milliseconds. */
    static long restSecondsToMillis(BigDecimal seconds) {
        return seconds.multiply(THOUSAND).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** REST seconds (an exact decimal) floored to epoch nanoseconds, the unit of {@code since}. */
    static long restSecondsToNanos(BigDecimal seconds) {
        return seconds.multiply(BILLION).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** An RFC 3339 time of the WebSocket floored to epoch milliseconds ({@link Instant#toEpochMilli} floors). */
    static long rfc3339ToMillis(String timestamp, String input) throws MalformedFrameException {
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedFrameException("expected \"timestamp\" as an RFC 3339 time such as "
                    + "2023-09-25T07:48:36.925533Z, got \"" + timestamp + "\"", input, e);
        }
    }

    /** Epoch milliseconds as the nanosecond {@code since} of REST {@code Trades}. */
    static long millisToNanos(long epochMillis) {
        return Math.multiplyExact(epochMillis, 1_000_000L);
    }
}
