package io.candlestream.source.reader;

import io.candlestream.feed.CursorCodec;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.LiveRequest;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A block-style test feed with sparse cursors (block, index) and a line protocol, served in tests by MockWebServer:
 * the client sends {@code SUB A,B} after open; the server sends {@code T <symbol> <block> <index> <time>} (a trade),
 * {@code PING <n>} (answered {@code PONG <n>}), {@code W <symbol> <time>} (a safe time, released on the next tick)
 * and {@code H <block>} (head of every stream: nothing more up to the end of that block). Its history client answers
 * probes from {@link #probeAnswer}.
 */
record SparseTestFeed(AtomicReference<StreamProbe> probeAnswer) implements FeedAdapter {

    static final String NAME = "chain";
    static final int LAST_INDEX = 99_999;
    static final Duration TICK = Duration.ofMillis(50);

    SparseTestFeed() {
        this(new AtomicReference<>());
    }

    static StreamId stream(String symbol) {
        return StreamId.of(NAME, symbol);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LiveRequest liveRequest(String wsBaseUrl, List<String> symbols) {
        return new LiveRequest(wsBaseUrl + "/live/secret-path?token=secret-token",
                Map.of("Authorization", "Bearer secret-token"), "test-lines");
    }

    @Override
    public LiveSession newSession(List<String> symbols) {
        return new Session(symbols);
    }

    @Override
    public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener) {
        return new ProbeOnlyHistory(probeAnswer);
    }

    @Override
    public boolean follows(Cursor previous, Cursor next) {
        return true;
    }

    @Override
    public List<Gap> chunk(Gap gap) {
        return gap.before().isAfter(successor(gap.after())) ? List.of(gap) : List.of();
    }

    @Override
    public CursorCodec cursorCodec() {
        return CursorCodec.BLOCK_AND_INDEX;
    }

    @Override
    public Duration maxConnectionAge() {
        return Duration.ofDays(1);
    }

    @Override
    public Duration publicationDelay() {
        return Duration.ZERO;
    }

    /** The line protocol of one connection. */
    private static final class Session implements LiveSession {
        private final List<String> symbols;
        private final List<String[]> heldSafeTimes = new ArrayList<>();

        Session(List<String> symbols) {
            this.symbols = symbols;
        }

        @Override
        public List<String> openingFrames() {
            return List.of("SUB " + String.join(",", symbols));
        }

        @Override
        public void onText(String frame, LiveSignals out) {
            String[] f = frame.split(" ");
            try {
                switch (f[0]) {
                    case "T" -> out.trades(List.of(new Trade(stream(f[1]),
                            new Cursor(Long.parseLong(f[2]), Integer.parseInt(f[3])), Long.parseLong(f[4]),
                            BigDecimal.ONE, BigDecimal.ONE, 1)));
                    case "PING" -> out.send("PONG " + f[1]);
                    case "W" -> heldSafeTimes.add(f);
                    case "H" -> out.head(null, new Cursor(Long.parseLong(f[1]), LAST_INDEX));
                    case "C" -> out.coversAfter(null, new Cursor(Long.parseLong(f[1]), LAST_INDEX));
                    case "R" -> out.reconnect("asked by the test");
                    case "E" -> out.streamError(stream(f[1]), "refused " + f[1]);
                    default -> out.malformed(null, new MalformedFrameException("expected T, PING, W, H or E", frame));
                }
            } catch (RuntimeException e) {
                out.malformed(f.length > 1 ? stream(f[1]) : null,
                        new MalformedFrameException("expected a well-formed line", frame, e));
            }
        }

        @Override
        public Duration tickInterval() {
            return TICK;
        }

        @Override
        public void onTick(long nowMillis, LiveSignals out) {
            for (String[] f : heldSafeTimes) {
                out.safeTime(stream(f[1]), Long.parseLong(f[2]));
            }
            heldSafeTimes.clear();
        }
    }

    /**
     * Answers only probes (with the test's answer; a failed probe while it is unset, so the next round asks again);
     * the reader never fetches history.
     */
    private record ProbeOnlyHistory(AtomicReference<StreamProbe> answer) implements HistoryClient {
        @Override
        public CompletableFuture<StreamProbe> probe(StreamId stream, Duration publicationDelay) {
            StreamProbe p = answer.get();
            return p == null ? CompletableFuture.failedFuture(new java.io.IOException("no probe answer set yet"))
                    : CompletableFuture.completedFuture(new StreamProbe(stream, p.safeTime(), p.latest(), p.head()));
        }

        @Override
        public CompletableFuture<List<Trade>> fetch(Gap gap) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("probe only"));
        }

        @Override
        public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Long> serverTime() {
            return CompletableFuture.completedFuture(System.currentTimeMillis());
        }

        @Override
        public void close() {
        }
    }
}
