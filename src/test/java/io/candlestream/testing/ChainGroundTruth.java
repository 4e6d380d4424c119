package io.candlestream.testing;

import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Candles of a pool stream computed directly from its swaps, with nothing shared with the job's code: base and quote
 * amounts from the raw signed amounts and the tokens' decimals, the price quote / base rounded half-even to 34 digits,
 * buckets by block time, flat candles (previous close, zero volume, previous last cursor) between, cursors written as
 * block × 10^8 + log index.
 */
public final class ChainGroundTruth {

    private ChainGroundTruth() {}

    /** One swap as a chain's log file or node gives it. */
    public record Swap(long block, int logIndex, long timestampSeconds, BigInteger amount0, BigInteger amount1) {}

    /**
     * Every bucket of {@code intervalMillis} from the first swap's bucket at or after {@code fromMillis} to
     * {@code lastBucketStart}; swaps with a zero amount are left out (they have no price).
     */
    public static List<Candle> compute(StreamId stream, boolean baseIsToken1, int decimals0, int decimals1,
            List<Swap> swaps, String label, long intervalMillis, long fromMillis, long lastBucketStart) {
        List<Swap> sorted = new ArrayList<>(swaps.stream().filter(s -> s.timestampSeconds() * 1000 >= fromMillis)
                .filter(s -> s.amount0().signum() != 0 && s.amount1().signum() != 0).toList());
        sorted.sort(Comparator.comparingLong(Swap::block).thenComparingInt(Swap::logIndex));
        Map<Long, List<Swap>> byBucket = new TreeMap<>();
        for (Swap s : sorted) {
            byBucket.computeIfAbsent(Math.floorDiv(s.timestampSeconds() * 1000, intervalMillis) * intervalMillis,
                    b -> new ArrayList<>()).add(s);
        }
        List<Candle> out = new ArrayList<>();
        if (byBucket.isEmpty()) {
            return out;
        }
        BigDecimal previousClose = null;
        long previousLast = 0;
        for (long bucket = byBucket.keySet().iterator().next(); bucket <= lastBucketStart; bucket += intervalMillis) {
            List<Swap> in = byBucket.get(bucket);
            if (in == null) {
                out.add(new Candle(stream, label, bucket, previousClose, previousClose, previousClose, previousClose,
                        BigDecimal.ZERO, BigDecimal.ZERO, 0, previousLast, previousLast));
                continue;
            }
            BigDecimal open = null;
            BigDecimal high = null;
            BigDecimal low = null;
            BigDecimal close = null;
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal quoteVolume = BigDecimal.ZERO;
            for (Swap s : in) {
                BigDecimal token0 = new BigDecimal(s.amount0().abs()).movePointLeft(decimals0);
                BigDecimal token1 = new BigDecimal(s.amount1().abs()).movePointLeft(decimals1);
                BigDecimal base = baseIsToken1 ? token1 : token0;
                BigDecimal quote = baseIsToken1 ? token0 : token1;
                BigDecimal price = quote.divide(base, MathContext.DECIMAL128);
                open = open == null ? price : open;
                high = high == null || price.compareTo(high) > 0 ? price : high;
                low = low == null || price.compareTo(low) < 0 ? price : low;
                close = price;
                volume = volume.add(base);
                quoteVolume = quoteVolume.add(quote);
            }
            Swap first = in.get(0);
            Swap last = in.get(in.size() - 1);
            long firstCursor = first.block() * 100_000_000L + first.logIndex();
            long lastCursor = last.block() * 100_000_000L + last.logIndex();
            out.add(new Candle(stream, label, bucket, open, high, low, close, volume, quoteVolume, in.size(),
                    firstCursor, lastCursor));
            previousClose = close;
            previousLast = lastCursor;
        }
        return out;
    }
}
