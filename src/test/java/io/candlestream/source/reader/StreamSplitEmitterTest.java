package io.candlestream.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import io.candlestream.source.metrics.StreamSourceMetrics;
import io.candlestream.source.split.StreamSplit;
import io.candlestream.source.split.StreamSplitState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * The per-split emitter on a dense feed: every event is emitted before the cursor moves past it, numRecordsIn counts
 * each event once, and a snapshot taken in the middle of a backlog restores into exactly the rest of the range.
 */
class StreamSplitEmitterTest {

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private final BinanceFeed feed = new BinanceFeed();
    private final SimpleCounter numRecordsIn = new SimpleCounter();

    /** Records events with the split's cursor at the moment each was handed downstream. */
    private static final class Recording implements SourceOutput<FeedEvent> {
        final List<FeedEvent> events = new ArrayList<>();
        final List<Cursor> cursorAtEmit = new ArrayList<>();
        StreamSplitEmitter emitter;

        @Override
        public void collect(FeedEvent record) {
            events.add(record);
            cursorAtEmit.add(emitter.state().lastCursor());
        }

        @Override
        public void collect(FeedEvent record, long timestamp) {
            collect(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    private StreamSplitEmitter emitter(StreamSplit split, Recording out) {
        StreamSplitEmitter emitter = new StreamSplitEmitter(feed, new StreamSplitState(split),
                new StreamSourceMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup(), split.splitId()),
                numRecordsIn, "test");
        out.emitter = emitter;
        emitter.open(out);
        return emitter;
    }

    private static Trade trade(long id) {
        return new Trade(XRPETH, Cursor.ofId(id), 1_000 + id, BigDecimal.ONE, BigDecimal.ONE, 1);
    }

    private static void drain(StreamSplitEmitter emitter, int chunksPerCall) {
        while (emitter.backlogOpen()) {
            emitter.emitBacklog(chunksPerCall, System.nanoTime(), Long.MAX_VALUE, false, Long.MAX_VALUE);
        }
    }

    @Test
    void theCursorMovesOnlyAfterAnEventWasEmittedAndEveryEventIsCountedOnce() {
        Recording out = new Recording();
        StreamSplitEmitter emitter = emitter(new StreamSplit(XRPETH, Cursor.ofId(10), 5L), out);
        emitter.onLive(1, trade(11));
        emitter.onLive(1, trade(11)); // a duplicate frame
        emitter.onLive(1, trade(2_500)); // a hole: 12..2499
        drain(emitter, 1);

        assertThat(out.events).hasSize(1 + 1 + 3 + 1);
        assertThat(out.events.get(0)).isInstanceOf(StreamStart.class);
        assertThat(out.events.get(5)).isEqualTo(trade(2_500));
        for (int i = 1; i < out.events.size(); i++) {
            FeedEvent event = out.events.get(i);
            Cursor first = event instanceof Trade t ? t.cursor() : feed.successor(((Gap) event).after());
            assertThat(out.cursorAtEmit.get(i)).as("cursor when %s was emitted", event).isEqualTo(
                    feed.predecessor(first));
        }
        assertThat(emitter.state().lastCursor()).isEqualTo(Cursor.ofId(2_500));
        assertThat(numRecordsIn.getCount()).isEqualTo(out.events.size());
    }

    @Test
    void aSnapshotInTheMiddleOfABacklogRestoresIntoExactlyTheRestOfTheRange() {
        Recording first = new Recording();
        StreamSplitEmitter before = emitter(new StreamSplit(XRPETH, Cursor.ofId(0), null), first);
        before.onLive(1, trade(5_001));
        before.emitBacklog(2, System.nanoTime(), Long.MAX_VALUE, false, Long.MAX_VALUE);
        StreamSplit snapshot = before.state().toSplit();
        assertThat(snapshot.lastCursor()).isEqualTo(Cursor.ofId(2_000));
        assertThat(before.pendingUnits()).isEqualTo(3_000);

        Recording second = new Recording();
        StreamSplitEmitter after = emitter(snapshot, second);
        after.onLive(7, trade(5_002));
        drain(after, 16);

        List<FeedEvent> all = new ArrayList<>(first.events);
        all.addAll(second.events);
        long covered = 0;
        for (FeedEvent event : all) {
            if (event instanceof Gap gap) {
                assertThat(gap.after().height()).isEqualTo(covered);
                covered = gap.before().height() - 1;
            } else if (event instanceof Trade trade) {
                assertThat(trade.cursor().height()).isEqualTo(covered + 1);
                covered = trade.cursor().height();
            }
        }
        assertThat(covered).isEqualTo(5_002);
        assertThat(all).filteredOn(Trade.class::isInstance).containsExactly(trade(5_002));
        assertThat(after.pendingUnits()).isZero();
    }
}
