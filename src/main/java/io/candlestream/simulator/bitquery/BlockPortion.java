package io.candlestream.simulator.bitquery;

import java.util.List;

/**
 * The swaps of one block, what a live subscription receives as one {@code next}/{@code data} message (filtered by its
 * own {@code where}); Bitquery delivers committed blocks "in portions (by block)".
 *
 * @param blockNumber the block's height
 * @param blockTime   its timestamp, epoch seconds
 * @param swaps       its swaps of every pool, in log-index order
 */
record BlockPortion(long blockNumber, long blockTime, List<DexSwap> swaps) {

    BlockPortion {
        swaps = List.copyOf(swaps);
    }
}
