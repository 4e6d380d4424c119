package io.candlestream.simulator.bitquery;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rest of the chain's DEX trades: on mainnet practically every block carries some DEX trade, so Bitquery's
 * unfiltered "newest block with a DEX trade" is the chain's head even while the served pools are quiet. This adds one
 * swap of {@link SwapPool#OTHER} to every block without a served swap, from the first served block to
 * {@code tailSeconds} after the last one. Block times between two served blocks are interpolated (never decreasing);
 * after the last served block one block follows every 12 s.
 */
final class OtherDexActivity {

    /** WETH paid in, USDT paid out: the amounts do not matter, no served stream reads them. */
    private static final BigInteger WETH_IN = BigInteger.TEN.pow(18);
    private static final BigInteger USDT_OUT = BigInteger.valueOf(-2_300_000_000L);

    private OtherDexActivity() {
    }

    /** The swaps of the other pool for every block of the chain {@code served} spans that has no served swap. */
    static List<DexSwap> around(List<DexSwap> served, long tailSeconds) {
        if (served.isEmpty()) {
            return List.of();
        }
        TreeMap<Long, Long> known = new TreeMap<>(); // block -> time of the served blocks
        Map<Long, String> hashes = new HashMap<>();
        for (DexSwap swap : served) {
            known.putIfAbsent(swap.blockNumber(), swap.blockTime());
            hashes.putIfAbsent(swap.blockNumber(), swap.blockHash());
        }
        List<DexSwap> other = new ArrayList<>();
        Map.Entry<Long, Long> previous = null;
        for (Map.Entry<Long, Long> next : known.entrySet()) {
            if (previous != null) {
                long b1 = previous.getKey();
                long t1 = previous.getValue();
                long span = next.getKey() - b1;
                for (long b = b1 + 1; b < next.getKey(); b++) {
                    other.add(swap(b, t1 + Math.floorDiv((next.getValue() - t1) * (b - b1), span)));
                }
            }
            previous = next;
        }
        long last = known.lastKey();
        long lastTime = known.lastEntry().getValue();
        for (long b = last + 1; (b - last) * SyntheticSwaps.BLOCK_SECONDS <= tailSeconds; b++) {
            other.add(swap(b, lastTime + (b - last) * SyntheticSwaps.BLOCK_SECONDS));
        }
        return other;
    }

    private static DexSwap swap(long block, long time) {
        return new DexSwap(SwapPool.OTHER, block, time, BlockHashes.of(block), BlockHashes.of(-block), 0, 0, WETH_IN,
                USDT_OUT);
    }
}
