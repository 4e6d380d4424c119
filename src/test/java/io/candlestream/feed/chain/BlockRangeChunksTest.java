package io.candlestream.feed.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.GapReason;
import io.candlestream.model.StreamId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockRangeChunksTest {

    private static final StreamId POOL = StreamId.of("ethereum", "0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8");
    private static final int END = BlockRangeChunks.LAST_INDEX;

    @Test
    void cutsAGapIntoWholeBlockRangesThatTogetherCoverExactlyIt() {
        Gap gap = new Gap(POOL, new Cursor(100, 7), new Cursor(350, 3), GapReason.RESTORE);
        List<Gap> chunks = BlockRangeChunks.first(gap, 100, Integer.MAX_VALUE);
        assertThat(chunks).containsExactly(
                new Gap(POOL, new Cursor(100, 7), new Cursor(199, END + 1), GapReason.RESTORE),
                new Gap(POOL, new Cursor(199, END), new Cursor(299, END + 1), GapReason.RESTORE),
                new Gap(POOL, new Cursor(299, END), new Cursor(350, 3), GapReason.RESTORE));
    }

    @Test
    void aGapInsideOneBlockIsOneChunkAndAnEmptyOneNone() {
        Gap inside = new Gap(POOL, new Cursor(100, 5), new Cursor(100, 9));
        assertThat(BlockRangeChunks.first(inside, 1000, 10)).containsExactly(inside);
        assertThat(BlockRangeChunks.first(new Gap(POOL, new Cursor(100, 5), new Cursor(100, 6)), 1000, 10)).isEmpty();
    }

    @Test
    void handsOutAtMostTheChunksAskedFor() {
        Gap gap = new Gap(POOL, new Cursor(0, -1), new Cursor(20_000_000, 0));
        List<Gap> two = BlockRangeChunks.first(gap, 1000, 2);
        assertThat(two).hasSize(2);
        assertThat(two.get(1).before()).isEqualTo(new Cursor(1999, END + 1));
    }
}
