package io.candlestream.feed.chain;

import io.candlestream.feed.CursorCodec;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.model.Gap;
import java.time.Duration;
import java.util.List;

/**
 * What every chain feed's adapter shares: the cursor {@code (block, log index)} written by
 * {@link CursorCodec#BLOCK_AND_INDEX} (so cursors are sparse and counted in blocks), gaps cut into ranges of
 * {@link #chunkBlocks()} whole blocks, and no publication delay (a chain's safe time is its confirmed block's time).
 */
public interface ChainFeedAdapter extends FeedAdapter {

    /** Blocks per gap chunk: one history range at most. */
    int chunkBlocks();

    @Override
    default CursorCodec cursorCodec() {
        return CursorCodec.BLOCK_AND_INDEX;
    }

    @Override
    default List<Gap> chunk(Gap gap) {
        return firstChunks(gap, Integer.MAX_VALUE);
    }

    /** Ranges of at most {@link #chunkBlocks()} whole blocks (the first and last may be partial). */
    @Override
    default List<Gap> firstChunks(Gap gap, int maxChunks) {
        return BlockRangeChunks.first(gap, chunkBlocks(), maxChunks);
    }

    /** Not used for the watermark: a chain's safe time is its confirmed block's timestamp. */
    @Override
    default Duration publicationDelay() {
        return Duration.ZERO;
    }
}
