package io.candlestream.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.CursorCodec;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.LiveRequest;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live connection against the simulated exchange: it comes back after an abrupt close, a silent feed and its own
 * age limit, and a reader that falls behind gets a dropped connection instead of a blocked socket or lost frames.
 */
class FeedConnectionITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BinanceSimulator exchange;
    private final List<LiveItem> seen = new ArrayList<>();

    @BeforeEach
    void startExchange() {
        exchange = BinanceSimulator.builder()
                .symbols("BTCUSDT")
                .seed(3)
                .clock(SimClock.accelerated(Instant.parse("2024-02-01T00:00:00Z"), 20))
                .tradesPerMinute(600)
                .quietStretchEvery(Duration.ZERO)
                .build();
        exchange.start();
    }

    @AfterEach
    void stopExchange() {
        exchange.close();
    }

    @Test
    void reconnectsAfterTheServerResetsTheConnection() throws Exception {
        LiveBuffer buffer = new LiveBuffer(10_000);
        try (FeedConnection connection = connect(new BinanceFeed(), settings(Duration.ofSeconds(30)), buffer)) {
            awaitItem(buffer, LiveItem.Connection.class, c -> c.opened());
            awaitItem(buffer, LiveItem.Trades.class, t -> true);
            exchange.faults().closeAbruptly();
            awaitItem(buffer, LiveItem.Connection.class, c -> !c.opened());
            awaitItem(buffer, LiveItem.Connection.class, c -> c.opened());
            awaitItem(buffer, LiveItem.Trades.class, t -> true);
        }
    }

    @Test
    void reconnectsWhenTheFeedFallsSilent() throws Exception {
        LiveBuffer buffer = new LiveBuffer(10_000);
        try (FeedConnection connection = connect(new BinanceFeed(), settings(Duration.ofSeconds(1)), buffer)) {
            awaitItem(buffer, LiveItem.Trades.class, t -> true);
            exchange.faults().silence(Duration.ofSeconds(10));
            LiveItem.Connection lost = awaitItem(buffer, LiveItem.Connection.class, c -> !c.opened());
            assertThat(lost.detail()).startsWith("silent feed: no frame for");
            awaitItem(buffer, LiveItem.Connection.class, c -> c.opened());
            awaitItem(buffer, LiveItem.Trades.class, t -> true);
        }
    }

    @Test
    void renewsTheConnectionBeforeTheExchangeAgeLimit() throws Exception {
        LiveBuffer buffer = new LiveBuffer(10_000);
        FeedAdapter shortLived = new ShortLivedFeed(Duration.ofSeconds(1));
        try (FeedConnection connection = connect(shortLived, settings(Duration.ofSeconds(30)), buffer)) {
            awaitItem(buffer, LiveItem.Connection.class, c -> c.opened());
            LiveItem.Connection renewed = awaitItem(buffer, LiveItem.Connection.class, c -> !c.opened());
            assertThat(renewed.detail()).contains("renewing it before the exchange closes it");
            awaitItem(buffer, LiveItem.Connection.class, c -> c.opened());
        }
    }

    @Test
    void dropsTheConnectionWhenTheReaderFallsBehindAndReconnectsOnceItCaughtUp() throws Exception {
        LiveBuffer buffer = new LiveBuffer(8);
        try (FeedConnection connection = connect(new BinanceFeed(), settings(Duration.ofSeconds(30)), buffer)) {
            // Nobody drains the data queue: it fills up, and the connection must be dropped, not block. Control
            // items seen while waiting are kept: the overflow may be signalled the moment the queue is full.
            List<LiveItem> control = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (control.stream().noneMatch(LiveItem.Overflow.class::isInstance)) {
                assertThat(System.nanoTime()).as("overflow signalled in time").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                control.addAll(drainControl(buffer));
            }
            assertThat(buffer.dataSize()).as("the full queue is left as it was").isEqualTo(8);
            while (buffer.poll() != null) {
                // the reader catches up
            }
            awaitItem(buffer, LiveItem.Connection.class, c -> c.opened());
        }
    }

    @Test
    void backoffGrowsWithAttemptsHasJitterAndIsCapped() {
        LiveSourceSettings settings = settings(Duration.ofSeconds(30)).withBackoff(Duration.ofMillis(100),
                Duration.ofSeconds(2));
        try (FeedConnection connection = new FeedConnection(new BinanceFeed(), settings, new LiveBuffer(4), "t")) {
            for (int attempt = 0; attempt < 30; attempt++) {
                long base = Math.min(2000, 100L << Math.min(attempt, 20));
                long delay = connection.backoffMillis(attempt);
                assertThat(delay).as("attempt %d", attempt).isBetween(base / 2, base);
            }
        }
    }

    private FeedConnection connect(FeedAdapter feed, LiveSourceSettings settings, LiveBuffer buffer) {
        FeedConnection connection = new FeedConnection(feed, settings, buffer, "test");
        connection.subscribe(List.of("BTCUSDT"));
        return connection;
    }

    private LiveSourceSettings settings(Duration silenceTimeout) {
        return LiveSourceSettings.of(exchange.wsBaseUrl(), silenceTimeout, Duration.ofSeconds(5), 10_000)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    private <T extends LiveItem> T awaitItem(LiveBuffer buffer, Class<T> type, Predicate<T> matching)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            LiveItem item = buffer.poll();
            if (item == null) {
                try {
                    buffer.availability().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // poll again
                }
                continue;
            }
            seen.add(item);
            if (type.isInstance(item) && matching.test(type.cast(item))) {
                return type.cast(item);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + TIMEOUT + "; saw " + seen.size()
                + " items, last: " + (seen.isEmpty() ? "none" : seen.get(seen.size() - 1)));
    }

    /** Takes only control items, leaving the (full) data queue alone. */
    private static List<LiveItem> drainControl(LiveBuffer buffer) {
        List<LiveItem> control = new ArrayList<>();
        LiveItem item;
        while ((item = buffer.pollControl()) != null) {
            control.add(item);
        }
        return control;
    }

    /** Binance with a short connection age limit, to see the renewal without waiting a day. */
    private record ShortLivedFeed(Duration maxAge) implements FeedAdapter {
        private static final BinanceFeed BINANCE = new BinanceFeed();

        @Override
        public String name() {
            return BINANCE.name();
        }

        @Override
        public LiveRequest liveRequest(String wsBaseUrl, List<String> symbols) {
            return BINANCE.liveRequest(wsBaseUrl, symbols);
        }

        @Override
        public LiveSession newSession(List<String> symbols) {
            return BINANCE.newSession(symbols);
        }

        @Override
        public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener) {
            return BINANCE.newHistoryClient(settings, listener);
        }

        @Override
        public boolean follows(Cursor previous, Cursor next) {
            return BINANCE.follows(previous, next);
        }

        @Override
        public List<Gap> chunk(Gap gap) {
            return BINANCE.chunk(gap);
        }

        @Override
        public CursorCodec cursorCodec() {
            return BINANCE.cursorCodec();
        }

        @Override
        public Duration maxConnectionAge() {
            return maxAge;
        }

        @Override
        public Duration publicationDelay() {
            return BINANCE.publicationDelay();
        }
    }
}
