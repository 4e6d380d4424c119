package io.candlestream.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's per-stream backlog: bounded batches of chunks that cover the gap exactly, and live trades absorbed. */
class GapBacklogTest {

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private final BinanceFeed feed = new BinanceFeed();

    private static Trade trade(long id) {
        return new Trade(XRPETH, Cursor.ofId(id), 1_000 + id, new BigDecimal("1"), new BigDecimal("1"), 1);
    }

    @Test
    void aBillionIdGapIsHandedOutInBoundedBatchesThatChainExactly() {
        GapBacklog backlog = new GapBacklog(feed, new Gap(XRPETH, Cursor.ofId(0), Cursor.ofId(1_000_000_001L)),
                trade(1_000_000_001L), true);

        assertThat(backlog.totalIds()).isEqualTo(1_000_000_000L);
        long expectedAfter = 0;
        for (int batch = 0; batch < 50; batch++) {
            List<Gap> chunks = backlog.next(16);
            assertThat(chunks).hasSize(16);
            for (Gap chunk : chunks) {
                assertThat(chunk.after().height()).isEqualTo(expectedAfter);
                assertThat(chunk.before().height() - chunk.after().height() - 1).isEqualTo(BinanceFeed.MAX_PAGE_IDS);
                expectedAfter = chunk.before().height() - 1;
            }
        }
        assertThat(backlog.emittedIds()).isEqualTo(50L * 16 * 1000);
        assertThat(backlog.remainingIds()).isEqualTo(1_000_000_000L - 800_000);
        assertThat(backlog.drained()).isFalse();
    }

    @Test
    void drainsWithAShortLastChunkThenTheHeldTradeFollows() {
        GapBacklog backlog = new GapBacklog(feed, new Gap(XRPETH, Cursor.ofId(100), Cursor.ofId(2_601)), trade(2_601),
                true);

        List<Gap> chunks = backlog.next(16);

        assertThat(chunks).extracting(g -> g.after().height(), g -> g.before().height())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(100L, 1_101L),
                        org.assertj.core.groups.Tuple.tuple(1_100L, 2_101L),
                        org.assertj.core.groups.Tuple.tuple(2_100L, 2_601L));
        assertThat(backlog.drained()).isTrue();
        assertThat(backlog.last().cursor()).isEqualTo(Cursor.ofId(2_601));
        assertThat(backlog.emitLast()).isTrue();
        assertThat(backlog.emittedIds()).isEqualTo(2_500);
    }

    @Test
    void liveTradesDuringTheBacklogMoveItsEndInsteadOfBeingBuffered() {
        GapBacklog backlog = new GapBacklog(feed, new Gap(XRPETH, Cursor.ofId(100), Cursor.ofId(1_500)), trade(1_500),
                true);
        backlog.next(1);

        assertThat(backlog.absorb(trade(1_200))).isEqualTo(GapBacklog.Absorbed.COVERED);
        assertThat(backlog.absorb(trade(1_500))).isEqualTo(GapBacklog.Absorbed.DUPLICATE);
        assertThat(backlog.absorb(trade(1_501))).isEqualTo(GapBacklog.Absorbed.EXTENDED);
        assertThat(backlog.absorb(trade(1_502))).isEqualTo(GapBacklog.Absorbed.EXTENDED);

        assertThat(backlog.last().cursor()).isEqualTo(Cursor.ofId(1_502));
        assertThat(backlog.totalIds()).isEqualTo(1_401);
        List<Gap> rest = backlog.next(16);
        assertThat(rest).extracting(g -> g.after().height(), g -> g.before().height())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1_100L, 1_502L));
        assertThat(backlog.drained()).isTrue();
    }

    @Test
    void aProbeFoundGapEndsWithTheExchangesNewestTradeWhichIsNotEmittedTwice() {
        GapBacklog backlog = new GapBacklog(feed, new Gap(XRPETH, Cursor.ofId(100), Cursor.ofId(151)), trade(150),
                false);

        assertThat(backlog.absorb(trade(150))).isEqualTo(GapBacklog.Absorbed.COVERED);
        assertThat(backlog.next(16)).extracting(g -> g.before().height()).containsExactly(151L);
        assertThat(backlog.drained()).isTrue();
        assertThat(backlog.emitLast()).isFalse();
    }
}
