package io.candlestream.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.model.Cursor;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    @Test
    void blockAndIndexReadsAsTheBlockNumberFollowedByEightDigitsOfLogIndex() {
        assertThat(CursorCodec.BLOCK_AND_INDEX.toColumn(new Cursor(18937547, 204))).isEqualTo(1893754700000204L);
        assertThat(CursorCodec.BLOCK_AND_INDEX.fromColumn(1893754700000204L)).isEqualTo(new Cursor(18937547, 204));
    }

    @Test
    void aBlockWithMoreLogsThanA45MillionGasBlockCanHoldEncodesWithoutCollision() {
        // 45M gas / 375 gas per log = 120,000 logs; the old range (100,000) would have collided here.
        Cursor lastLog = new Cursor(20_000_000, 150_000);
        Cursor nextBlock = new Cursor(20_000_001, 0);
        long last = CursorCodec.BLOCK_AND_INDEX.toColumn(lastLog);
        long next = CursorCodec.BLOCK_AND_INDEX.toColumn(nextBlock);
        assertThat(last).isLessThan(next);
        assertThat(CursorCodec.BLOCK_AND_INDEX.fromColumn(last)).isEqualTo(lastLog);
        assertThat(CursorCodec.BLOCK_AND_INDEX.fromColumn(next)).isEqualTo(nextBlock);
    }

    @Test
    void thePositionBeforeABlocksFirstLogIsThePreviousBlocksEnd() {
        long before = CursorCodec.BLOCK_AND_INDEX.toColumn(new Cursor(100, -1));
        assertThat(before).isLessThan(CursorCodec.BLOCK_AND_INDEX.toColumn(new Cursor(100, 0)));
        assertThat(before).isGreaterThan(CursorCodec.BLOCK_AND_INDEX.toColumn(new Cursor(99, 99_999_998)));
    }

    @Test
    void refusesACursorItCouldOnlyWriteAsAnotherOne() {
        assertThatThrownBy(() -> CursorCodec.BLOCK_AND_INDEX.toColumn(new Cursor(1, 100_000_001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log index must be below");
        assertThatThrownBy(() -> CursorCodec.BLOCK_AND_INDEX.toColumn(new Cursor(Long.MAX_VALUE / 1000, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void denseIdsAreWrittenAsTheIdsThemselves() {
        assertThat(CursorCodec.DENSE_ID.toColumn(Cursor.ofId(13519807))).isEqualTo(13519807L);
        assertThat(CursorCodec.DENSE_ID.fromColumn(13519807L)).isEqualTo(Cursor.ofId(13519807));
    }
}
