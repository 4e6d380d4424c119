package io.candlestream.feed.chain;

import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a chain gap into ranges of whole blocks (the first and last may be partial: after the gap's cursor, before its
 * end), each keeping the gap's reason: the chunking every chain feed uses, a few chunks at a time.
 */
public final class BlockRangeChunks {

    /** The log index a block's end is written as: after every real log of the block. */
    public static final int LAST_INDEX = (int) CursorCodec.INDEX_RANGE - 1;

    private BlockRangeChunks() {}

    /** The first at most {@code maxChunks} chunks of at most {@code blocks} blocks each. */
    public static List<Gap> first(Gap gap, long blocks, int maxChunks) {
        List<Gap> chunks = new ArrayList<>();
        Cursor after = gap.after();
        while (chunks.size() < maxChunks && gap.before().isAfter(new Cursor(after.height(), after.index() + 1))) {
            long firstBlock = after.index() >= LAST_INDEX ? after.height() + 1 : after.height();
            long lastBlock = firstBlock + blocks - 1;
            Cursor end = new Cursor(lastBlock, LAST_INDEX + 1);
            Cursor before = end.isAfter(gap.before()) ? gap.before() : end;
            chunks.add(gap.part(after, before));
            after = new Cursor(lastBlock, LAST_INDEX);
            if (!gap.before().isAfter(end)) {
                break;
            }
        }
        return chunks;
    }
}
