package io.candlestream.simulator;

import java.util.function.LongFunction;

/**
 * The wire text of recently used decimals, by their integer count of ticks or lots: a direct-mapped cache, so a
 * synthetic source formats each price or size once while the random walk stays near it, and trades that repeat a
 * decimal share one string (a firehose holds millions of trades). Not thread-safe; one per source.
 */
final class DecimalStrings {

    private static final int SLOTS = 4096; // a power of two

    private final LongFunction<String> format;
    private final long[] keys = new long[SLOTS];
    private final String[] texts = new String[SLOTS];

    DecimalStrings(LongFunction<String> format) {
        this.format = format;
    }

    /** {@code format(units)}, formatted once per cache slot occupancy. */
    String of(long units) {
        int slot = (int) (units ^ (units >>> 32)) & (SLOTS - 1);
        String text = texts[slot];
        if (text == null || keys[slot] != units) {
            text = format.apply(units);
            keys[slot] = units;
            texts[slot] = text;
        }
        return text;
    }
}
