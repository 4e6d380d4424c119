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

    /**
     * This chain with its newest {@code depth} mined blocks that have swaps replaced by blocks of {@code branch}, as a
     * reorganisation leaves them: new hashes, and the newest of them without its last swap when it has more than one
     * (that transaction did not make it into the new branch). Throws when fewer blocks are mined.
     */
    ChainLog reorganised(int depth, long nowMillis, int branch) {
        List<BlockPortion> mined = portions.stream().filter(p -> p.blockTime() * 1000 <= nowMillis).toList();
        if (depth < 1 || depth > mined.size()) {
            throw new IllegalArgumentException("depth: must be in 1.." + mined.size() + " (mined blocks with swaps),"
                    + " was " + depth);
        }
        List<BlockPortion> replaced = mined.subList(mined.size() - depth, mined.size());
        Set<Long> numbers = new HashSet<>();
        replaced.forEach(p -> numbers.add(p.blockNumber()));
        long newest = replaced.get(replaced.size() - 1).blockNumber();
        List<DexSwap> next = new ArrayList<>();
        for (BlockPortion portion : portions) {
            if (!numbers.contains(portion.blockNumber())) {
                next.addAll(portion.swaps());
                continue;
            }
            List<DexSwap> swapsOfBlock = portion.swaps();
            if (portion.blockNumber() == newest && swapsOfBlock.size() > 1) {
                swapsOfBlock = swapsOfBlock.subList(0, swapsOfBlock.size() - 1);
            }
            String hash = BlockHashes.of(portion.blockNumber(), branch);
            for (DexSwap s : swapsOfBlock) {
                next.add(new DexSwap(s.pool(), s.blockNumber(), s.blockTime(), hash, s.txHash(), s.txIndex(),
                        s.logIndex(), s.amount0(), s.amount1()));
            }
        }
        return new ChainLog(next);
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
