package io.candlestream.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.source.split.StreamSplit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live source reader against the simulated exchange: a snapshot taken mid-stream and restored into a new reader
 * continues exactly (every trade id covered once, by a live trade or a gap), the watermark never passes a trade still
 * to come, and a quiet stream's watermark still moves once the exchange confirms nothing was missed.
 */
class LiveFeedSourceReaderITCase {

    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    private static final List<String> SYMBOLS = List.of("XRPETH", "BTCUSDT");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private BinanceSimulator exchange;
    private final BinanceFeed feed = new BinanceFeed();

    @BeforeEach
    void startExchange() {
        exchange = BinanceSimulator.builder()
                .symbols(SYMBOLS.toArray(String[]::new))
                .seed(5)
                .clock(SimClock.accelerated(START, 30))
                .tradesPerMinute(120)
                .haltTradingAt(START.plusSeconds(600))
                .build();
        exchange.start();
    }

    @AfterEach
    void stopExchange() {
        exchange.close();
    }

    @Test
    void restoredReaderContinuesExactlyWhereTheSnapshotLeftOff() throws Exception {
        Map<String, List<AggTrade>> logs = new HashMap<>();
        List<StreamSplit> initial = new ArrayList<>();
        for (String symbol : SYMBOLS) {
            List<AggTrade> log = exchange.allTrades(symbol);
            logs.put(symbol, log);
            initial.add(new StreamSplit(StreamId.of("binance", symbol), Cursor.ofId(log.get(0).aggId() - 1),
                    START.toEpochMilli()));
        }

        RecordingReaderOutput first = new RecordingReaderOutput();
        List<StreamSplit> snapshot;
        try (LiveFeedSourceReader reader = newReader()) {
            reader.start();
            reader.addSplits(initial);
            // Progress is counted in ids covered (live or in a gap): a reader that connects late on a busy machine
            // sees fewer live trades, but must still cover every id.
            pollUntil(reader, first, out -> SYMBOLS.stream().allMatch(s -> coveredUpTo(out, s)
                    >= logs.get(s).get(30).aggId() && !trades(out, s).isEmpty()));
            exchange.faults().corruptNextFrames(2).duplicateNextFrames(3);
            pollUntil(reader, first, out -> SYMBOLS.stream().allMatch(s -> coveredUpTo(out, s)
                    >= logs.get(s).get(90).aggId()));
            snapshot = reader.snapshotState(1);
        }
        assertThat(snapshot).allSatisfy(split -> assertThat(split.completeFrom()).isNull());

        RecordingReaderOutput second = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader()) {
            reader.addSplits(snapshot);
            reader.start();
            pollUntil(reader, second, out -> SYMBOLS.stream().allMatch(s -> coveredUpTo(out, s)
                    >= logs.get(s).get(logs.get(s).size() - 1).aggId()));
            // Trading halted: only the exchange's clock moves. The quiet-stream probe must move the watermark on.
            pollUntil(reader, second, out -> SYMBOLS.stream().allMatch(s -> lastWatermark(out, s)
                    > logs.get(s).get(logs.get(s).size() - 1).time() + 60_000));
        }

        for (String symbol : SYMBOLS) {
            List<AggTrade> log = logs.get(symbol);
            List<RecordingReaderOutput.Emitted> all = new ArrayList<>(forSplit(first, symbol));
            all.addAll(forSplit(second, symbol));
            assertThat(all.get(0).event()).isInstanceOf(StreamStart.class);
            assertThat(forSplit(second, symbol)).noneMatch(e -> e.event() instanceof StreamStart);
            assertCoversEveryIdOnce(symbol, all, log);
            assertWatermarksNeverPassATradeStillToCome(symbol, all, log);
        }
    }

    private LiveFeedSourceReader newReader() {
        LiveSourceSettings settings = LiveSourceSettings.of(exchange.wsBaseUrl(), Duration.ofSeconds(3),
                Duration.ofMillis(200), 1000);
        Set<StreamId> streams = Set.of(StreamId.of("binance", "XRPETH"), StreamId.of("binance", "BTCUSDT"));
        return new LiveFeedSourceReader(new TestingReaderContext(), feed, streams, settings,
                HistorySettings.defaults(exchange.restBaseUrl()));
    }

    /** Every id from the first to the last trade appears exactly once, as a live trade equal to the log's or in a gap. */
    private static void assertCoversEveryIdOnce(String symbol, List<RecordingReaderOutput.Emitted> events,
            List<AggTrade> log) {
        Map<Long, AggTrade> byId = new HashMap<>();
        log.forEach(t -> byId.put(t.aggId(), t));
        long expected = log.get(0).aggId();
        int gaps = 0;
        for (RecordingReaderOutput.Emitted e : events) {
            if (e.event() instanceof Trade trade) {
                assertThat(trade.cursor().height()).as("%s next id", symbol).isEqualTo(expected);
                AggTrade truth = byId.get(expected);
                assertThat(trade.price()).isEqualByComparingTo(new BigDecimal(truth.price()));
                assertThat(trade.quantity()).isEqualByComparingTo(new BigDecimal(truth.quantity()));
                assertThat(trade.time()).isEqualTo(truth.time());
                assertThat(trade.rawTrades()).isEqualTo(truth.lastId() - truth.firstId() + 1);
                expected++;
            } else if (e.event() instanceof Gap gap) {
                assertThat(gap.after().height()).as("%s gap start", symbol).isEqualTo(expected - 1);
                expected = gap.before().height();
                gaps++;
            }
        }
        assertThat(expected - 1).as("%s covered up to the last trade", symbol).isEqualTo(log.get(log.size() - 1).aggId());
        assertThat(gaps).as("%s gaps (restore, corrupted frames)", symbol).isGreaterThanOrEqualTo(1);
    }

    /** After a watermark W of a split, every trade still to come on that split (live or in a gap) is later than W. */
    private static void assertWatermarksNeverPassATradeStillToCome(String symbol,
            List<RecordingReaderOutput.Emitted> events, List<AggTrade> log) {
        Map<Long, Long> timeById = new HashMap<>();
        log.forEach(t -> timeById.put(t.aggId(), t.time()));
        long watermark = Long.MIN_VALUE;
        for (RecordingReaderOutput.Emitted e : events) {
            if (e.watermark() != null) {
                watermark = Math.max(watermark, e.watermark());
            } else if (e.event() instanceof Trade trade) {
                assertThat(trade.time()).as("%s trade %s after watermark", symbol, trade.cursor()).isGreaterThan(watermark);
            } else if (e.event() instanceof Gap gap) {
                for (long id = gap.after().height() + 1; id < gap.before().height(); id++) {
                    assertThat(timeById.get(id)).as("%s gap trade %d after watermark", symbol, id).isGreaterThan(watermark);
                }
            }
        }
    }

    private static List<RecordingReaderOutput.Emitted> forSplit(RecordingReaderOutput out, String symbol) {
        String split = "binance:" + symbol;
        return out.emitted.stream().filter(e -> split.equals(e.split())).toList();
    }

    private static List<Trade> trades(RecordingReaderOutput out, String symbol) {
        return forSplit(out, symbol).stream().map(RecordingReaderOutput.Emitted::event)
                .filter(Trade.class::isInstance).map(Trade.class::cast).toList();
    }

    private static long coveredUpTo(RecordingReaderOutput out, String symbol) {
        long covered = Long.MIN_VALUE;
        for (RecordingReaderOutput.Emitted e : forSplit(out, symbol)) {
            if (e.event() instanceof Trade trade) {
                covered = trade.cursor().height();
            } else if (e.event() instanceof Gap gap) {
                covered = gap.before().height() - 1;
            }
        }
        return covered;
    }

    private static long lastWatermark(RecordingReaderOutput out, String symbol) {
        return forSplit(out, symbol).stream().filter(e -> e.watermark() != null)
                .mapToLong(RecordingReaderOutput.Emitted::watermark).max().orElse(Long.MIN_VALUE);
    }

    private static void pollUntil(LiveFeedSourceReader reader, RecordingReaderOutput output,
            Predicate<RecordingReaderOutput> done) throws Exception {
        output.pollUntil(reader, TIMEOUT, done);
    }
}
