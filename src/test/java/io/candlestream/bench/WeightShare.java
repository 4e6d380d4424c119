package io.candlestream.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.SortedMap;

/**
 * Request weight per limit window as a share of the limit, over the windows that lie entirely inside the busy period:
 * from the first window with weight to the one holding the load's end, both excluded (they are partial).
 *
 * @param touched windows from the first with weight to the one holding the end
 * @param full the windows measured (touched minus the two partial ones)
 * @param mean mean share of the limit over the full windows
 * @param min smallest share
 * @param max largest share
 */
record WeightShare(int touched, int full, double mean, double min, double max) {

    static WeightShare of(SortedMap<Instant, Long> perWindow, long windowMillis, long endMillis, int limit) {
        if (perWindow.isEmpty()) {
            return new WeightShare(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        long first = perWindow.firstKey().toEpochMilli();
        long last = Math.min(perWindow.lastKey().toEpochMilli(), Math.floorDiv(endMillis, windowMillis) * windowMillis);
        int touched = (int) ((last - first) / windowMillis) + 1;
        int full = 0;
        double sum = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (long start = first + windowMillis; start < last; start += windowMillis) {
            double share = perWindow.getOrDefault(Instant.ofEpochMilli(start), 0L) / (double) limit;
            full++;
            sum += share;
            min = full == 1 ? share : Math.min(min, share);
            max = full == 1 ? share : Math.max(max, share);
        }
        return new WeightShare(touched, full, full == 0 ? Double.NaN : sum / full, min, max);
    }

    String describe() {
        if (full == 0) {
            return "n/a: no full window inside the load";
        }
        return String.format(Locale.ROOT, "mean %.1f%%, min %.1f%%, max %.1f%% over %d full windows "
                + "(first and last window excluded)", 100 * mean, 100 * min, 100 * max, full);
    }
}
