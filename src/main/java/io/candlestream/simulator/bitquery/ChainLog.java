package io.candlestream.simulator.bitquery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every swap the simulator serves, immutable and in chain order (block, then log index), with its blocks as
 * portions. Validates the chain on construction: one time and hash per block, block times that never decrease, and
 * no two logs of a block at the same index. Thread-safe (immutable).
 */
final class ChainLog {

    static final Comparator<DexSwap> CHAIN_ORDER =
            Comparator.comparingLong(DexSwap::blockNumber).thenComparingInt(DexSwap::logIndex);

    private final List<DexSwap> swaps;
    private final List<BlockPortion> portions;

    ChainLog(List<DexSwap> unsorted) {
        List<DexSwap> sorted = new ArrayList<>(unsorted);
        sorted.sort(CHAIN_ORDER);
        this.swaps = List.copyOf(sorted);
        this.portions = List.copyOf(portionsOf(swaps));
    }

    private static List<BlockPortion> portionsOf(List<DexSwap> swaps) {
        List<BlockPortion> portions = new ArrayList<>();
        List<DexSwap> block = new ArrayList<>();
        Set<Integer> logIndexes = new HashSet<>();
        long lastTime = Long.MIN_VALUE;
        for (DexSwap swap : swaps) {
            if (!block.isEmpty() && block.get(0).blockNumber() != swap.blockNumber()) {
                portions.add(new BlockPortion(block.get(0).blockNumber(), block.get(0).blockTime(), block));
                lastTime = block.get(0).blockTime();
                block.clear();
                logIndexes.clear();
            }
            if (block.isEmpty()) {
                if (swap.blockTime() < lastTime) {
                    throw new IllegalArgumentException("swaps: block " + swap.blockNumber() + " has time "
                            + swap.blockTime() + ", before the previous block's " + lastTime);
                }
            } else {
                DexSwap first = block.get(0);
                if (first.blockTime() != swap.blockTime() || !first.blockHash().equals(swap.blockHash())) {
                    throw new IllegalArgumentException("swaps: block " + swap.blockNumber()
                            + " appears with two times or hashes (" + first.blockTime() + " " + first.blockHash()
                            + " and " + swap.blockTime() + " " + swap.blockHash() + ")");
                }
            }
            if (!logIndexes.add(swap.logIndex())) {
                throw new IllegalArgumentException("swaps: block " + swap.blockNumber() + " has two logs at index "
                        + swap.logIndex());
            }
            block.add(swap);
        }
        if (!block.isEmpty()) {
            portions.add(new BlockPortion(block.get(0).blockNumber(), block.get(0).blockTime(), block));
        }
        return portions;
    }

    /** Every swap, future ones included, in chain order. */
    List<DexSwap> all() {
        return swaps;
    }

    /** The blocks that have swaps, in block order. */
    List<BlockPortion> portions() {
        return portions;
    }

    /** The swaps {@code dataset} holds at chain time {@code nowMillis}, in chain order. */
    List<DexSwap> inDataset(DatasetRules rules, Dataset dataset, long nowMillis) {
        List<DexSwap> held = new ArrayList<>();
        for (DexSwap swap : swaps) {
            if (swap.blockTime() * 1000 > nowMillis) {
                break;
            }
            if (rules.holds(dataset, swap.blockTime(), nowMillis)) {
                held.add(swap);
            }
        }
        return held;
    }
}
