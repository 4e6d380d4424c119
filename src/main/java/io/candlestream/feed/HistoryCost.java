package io.candlestream.feed;

import java.time.Duration;
import java.util.Objects;

/**
 * What loading a range from a feed's history costs, for the dry run: requests, the cost in the feed's own unit, and
 * how long that takes at the feed's limit.
 *
 * @param requests history requests
 * @param amount the cost in the feed's unit (Binance: request weight)
 * @param unit the unit's name, written before the amount, e.g. {@code weight}
 * @param atLimit how long {@code amount} takes at the feed's limit
 * @param limit the limit in words, e.g. {@code the exchange's limit of 6,000 weight/min}
 */
public record HistoryCost(long requests, long amount, String unit, Duration atLimit, String limit) {

    public HistoryCost {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(atLimit, "atLimit");
        Objects.requireNonNull(limit, "limit");
    }
}
