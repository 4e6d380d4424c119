package io.candlestream.feed;

import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a dense-id gap into consecutive chunks of at most one history page of ids, each keeping the gap's reason: the
 * chunking every dense-id feed (Binance, Kraken) uses, computed a few chunks at a time so that a gap of any size costs
 * constant memory.
 */
public final class DenseIdChunks {

    private DenseIdChunks() {}

    /**
     * The first at most {@code maxChunks} chunks of the ids {@code after+1 .. before-1}, at most {@code pageIds} ids
     * each; a gap without ids yields no chunk.
     */
    public static List<Gap> first(Gap gap, long pageIds, int maxChunks) {
        long first = gap.after().height() + 1;
        long endExclusive = gap.before().height();
        List<Gap> chunks = new ArrayList<>(Math.max(0, Math.min(maxChunks, 1024)));
        for (long start = first; start < endExclusive && chunks.size() < maxChunks; start += pageIds) {
            long end = Math.min(endExclusive, start + pageIds);
            chunks.add(gap.part(Cursor.ofId(start - 1), Cursor.ofId(end)));
        }
        return chunks;
    }
}
