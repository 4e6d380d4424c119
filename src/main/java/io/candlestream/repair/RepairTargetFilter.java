package io.candlestream.repair;

import io.candlestream.model.Candle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;

/** Lets through exactly the candles the repair set out to rewrite (stream, interval, bucket start); drops the rest. */
final class RepairTargetFilter implements FilterFunction<Candle> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, HashSet<Long>> targets = new HashMap<>();

    RepairTargetFilter(Map<String, ? extends Set<Long>> targets) {
        targets.forEach((key, buckets) -> this.targets.put(key, new HashSet<>(buckets)));
    }

    /** The map key of a stream and interval. */
    static String key(String stream, String interval) {
        return stream + " " + interval;
    }

    @Override
    public boolean filter(Candle candle) {
        Set<Long> buckets = targets.get(key(candle.stream().toString(), candle.interval()));
        return buckets != null && buckets.contains(candle.bucketStart());
    }
}
