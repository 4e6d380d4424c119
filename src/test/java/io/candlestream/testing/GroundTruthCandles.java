package io.candlestream.testing;

import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.simulator.binance.AggTrade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Candles computed directly from a full trade log, the way an exchange defines them, with nothing shared with the
 * job's code: the independent ground truth every end-to-end test compares the table with.
 */
public final class GroundTruthCandles {

    private GroundTruthCandles() {}

    /**
     * Every bucket of {@code intervalMillis} from the bucket of the first trade up to and including
     * {@code lastBucketStart}, with flat candles (previous close, zero volume, previous last id as both cursors) for
     * buckets without trades. Trades before {@code fromMillis} are ignored and buckets before it are not produced.
     */
    public static List<Candle> compute(String feed, String symbol, String label, long intervalMillis,
            List<AggTrade> log, long fromMillis, long lastBucketStart) {
        List<AggTrade> trades = new ArrayList<>(log.stream().filter(t -> t.time() >= fromMillis).toList());
        trades.sort(Comparator.comparingLong(AggTrade::aggId));
        Map<Long, List<AggTrade>> byBucket = new TreeMap<>();
        for (AggTrade t : trades) {
            byBucket.computeIfAbsent(Math.floorDiv(t.time(), intervalMillis) * intervalMillis, b -> new ArrayList<>())
                    .add(t);
        }
        List<Candle> out = new ArrayList<>();
        if (byBucket.isEmpty()) {
            return out;
        }
        StreamId stream = new StreamId(feed, symbol);
        BigDecimal previousClose = null;
        long previousLastId = 0;
        for (long bucket = byBucket.keySet().iterator().next(); bucket <= lastBucketStart; bucket += intervalMillis) {
            List<AggTrade> in = byBucket.get(bucket);
            if (in == null) {
                out.add(new Candle(stream, label, bucket, previousClose, previousClose, previousClose, previousClose,
                        BigDecimal.ZERO, BigDecimal.ZERO, 0, previousLastId, previousLastId));
                continue;
            }
            BigDecimal high = null;
            BigDecimal low = null;
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal quote = BigDecimal.ZERO;
            long count = 0;
            for (AggTrade t : in) {
                BigDecimal p = new BigDecimal(t.price());
                BigDecimal q = new BigDecimal(t.quantity());
                high = high == null || p.compareTo(high) > 0 ? p : high;
                low = low == null || p.compareTo(low) < 0 ? p : low;
                volume = volume.add(q);
                quote = quote.add(p.multiply(q));
                count += t.lastId() - t.firstId() + 1;
            }
            AggTrade first = in.get(0);
            AggTrade last = in.get(in.size() - 1);
            BigDecimal close = new BigDecimal(last.price());
            out.add(new Candle(stream, label, bucket, new BigDecimal(first.price()), high, low, close, volume, quote,
                    count, first.aggId(), last.aggId()));
            previousClose = close;
            previousLastId = last.aggId();
        }
        return out;
    }
}
