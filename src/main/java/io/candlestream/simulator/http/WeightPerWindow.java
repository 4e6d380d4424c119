package io.candlestream.simulator.http;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The request weight the limit admitted in each fixed window, keyed by the window's start. Keeps the most recent
 * {@value #MAX_WINDOWS} windows that saw weight (a window with none has no entry). Thread-safe.
 */
public final class WeightPerWindow {

    public static final int MAX_WINDOWS = 100_000;

    private final NavigableMap<Long, Long> weights = new TreeMap<>(); // guarded by this

    /** Adds {@code weight} admitted in the window starting at {@code windowStartMillis}. */
    public synchronized void add(long windowStartMillis, int weight) {
        weights.merge(windowStartMillis, (long) weight, Long::sum);
        if (weights.size() > MAX_WINDOWS) {
            weights.pollFirstEntry();
        }
    }

    /** A snapshot, ordered by window start. */
    public synchronized SortedMap<Instant, Long> snapshot() {
        TreeMap<Instant, Long> copy = new TreeMap<>();
        for (Map.Entry<Long, Long> entry : weights.entrySet()) {
            copy.put(Instant.ofEpochMilli(entry.getKey()), entry.getValue());
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
