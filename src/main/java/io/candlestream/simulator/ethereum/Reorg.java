package io.candlestream.simulator.ethereum;

import java.util.List;

/**
 * What a reorg did: the blocks it replaced and their logs (now removed), the new blocks of the same numbers, and the
 * swap it moved one block later, if any.
 *
 * @param oldBlocks   the replaced blocks, oldest first
 * @param droppedLogs the logs those blocks held, in chain order
 * @param newBlocks   the canonical blocks now at the same numbers
 * @param movedSwap   the Swap log that left its block, or null
 * @param movedTo     the same log at its new position in the next block, or null
 */
public record Reorg(List<BlockRef> oldBlocks, List<ChainLog> droppedLogs, List<BlockRef> newBlocks, ChainLog movedSwap,
        ChainLog movedTo) {

    public Reorg {
        oldBlocks = List.copyOf(oldBlocks);
        droppedLogs = List.copyOf(droppedLogs);
        newBlocks = List.copyOf(newBlocks);
    }

    /** The replaced block of {@code number}, as it was before the reorg. */
    public BlockRef oldBlock(long number) {
        return oldBlocks.get((int) (number - oldBlocks.get(0).number()));
    }
}
