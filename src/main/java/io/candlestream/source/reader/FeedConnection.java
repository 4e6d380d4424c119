package io.candlestream.source.reader;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.LiveRequest;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.history.Backoff;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live WebSocket connection for all streams of a reader, kept alive: reconnects with capped exponential backoff
 * and jitter, detects a dead connection (unanswered pings) and a silent one (no frame for the silence timeout)
 * separately, reconnects on purpose before the exchange's connection age limit, and drops the connection when the
 * reader falls behind (buffer full) instead of blocking or losing trades silently.
 *
 * <p>Each connection gets its own {@link LiveSession} from the feed: its opening frames are sent right after every
 * open, its frames and ticks become {@link LiveItem}s numbered with the connection, and a change of symbols goes to it
 * first (a reconnect only if it cannot). After {@value #MAX_ATTEMPTS_WITHOUT_OPEN} attempts in a row that did not open,
 * it stops and hands the reader a {@link LiveItem.Failed} that names the endpoint and what to check.
 *
 * <p>Threading: connection state is confined to one scheduler thread; OkHttp's reader thread and the scheduler (ticks)
 * call the session, one at a time (its lock), and hand its signals to the {@link LiveBuffer}. What a dropped connection
 * missed is not this class's business: the reader puts a gap ahead of what the next connection delivers.
 */
final class FeedConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedConnection.class);
    private static final long WATCHDOG_MILLIS = 250;
    private static final Duration HEALTHY_AFTER = Duration.ofSeconds(10);

    /** Connection attempts in a row that did not open, after which the reader fails instead of trying on. */
    static final int MAX_ATTEMPTS_WITHOUT_OPEN = 10;

    private final FeedAdapter feed;
    private final LiveSourceSettings settings;
    private final Backoff backoff;
    private final LiveBuffer buffer;
    private final String name;
    private final ScheduledExecutorService scheduler;
    private final OkHttpClient client;

    // Confined to the scheduler thread.
    private List<String> symbols = List.of();
    private WebSocket socket;
    private long connectedAtNanos;
    private int failedAttempts;
    private int attemptsWithoutOpen;
    private String lastFailure = "none";
    private LiveRequest request;
    private Session session;
    private ScheduledFuture<?> ticks;
    private boolean gaveUp;
    private boolean reconnectScheduled;
    private boolean overflowed;
    private boolean closed;

    // Written by OkHttp threads, read by the scheduler thread.
    private volatile long generation;
    private volatile long lastFrameNanos;
    private volatile boolean open;

    FeedConnection(FeedAdapter feed, LiveSourceSettings settings, LiveBuffer buffer, String name) {
        this.feed = feed;
        this.settings = settings;
        this.backoff = Backoff.equalJitter(settings.minBackoff(), settings.maxBackoff());
        this.buffer = buffer;
        this.name = name;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "candlestream-ws-" + name);
            t.setDaemon(true);
            return t;
        });
        this.client = new OkHttpClient.Builder()
                .pingInterval(settings.pingInterval())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        scheduler.scheduleWithFixedDelay(this::watchdog, WATCHDOG_MILLIS, WATCHDOG_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads exactly these symbols: on an open connection whose session can change its symbols, in place; otherwise by
     * connecting (again) with a new request.
     */
    void subscribe(Collection<String> newSymbols) {
        List<String> copy = List.copyOf(newSymbols);
        scheduler.execute(() -> {
            boolean changed = !copy.equals(symbols);
            symbols = copy;
            if (socket != null && open && session != null && !copy.isEmpty()) {
                if (!changed || session.changeSymbols(copy)) {
                    LOG.info("[{}] now reading {} on the open connection to {}", name, copy, request.endpoint());
                    return;
                }
            }
            drop("subscribing to " + copy);
            connectNow();
        });
    }

    /** Drops the connection and connects again, e.g. when the reader found the feed stale. */
    void reconnect(String reason) {
        scheduler.execute(() -> {
            if (socket != null) {
                drop(reason);
                connectNow();
            }
        });
    }

    @Override
    public void close() {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.execute(() -> {
            closed = true;
            stopTicks();
            if (socket != null) {
                socket.close(1000, "source closed");
                socket = null;
            }
        });
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** Runs a socket callback's follow-up on the scheduler; after {@link #close()} there is nothing left to do. */
    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The connection is closed: late callbacks of its last socket are ignored.
        }
    }

    private void connectNow() {
        reconnectScheduled = false;
        if (closed || symbols.isEmpty() || overflowed || gaveUp) {
            return;
        }
        Request http;
        try {
            request = feed.liveRequest(settings.wsBaseUrl(), symbols);
            Request.Builder builder = new Request.Builder().url(request.url());
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                builder.header(header.getKey(), header.getValue());
            }
            if (request.subprotocol() != null) {
                builder.header("Sec-WebSocket-Protocol", request.subprotocol());
            }
            http = builder.build();
        } catch (IllegalArgumentException e) {
            giveUp("the live request for " + symbols + " is not valid: " + e.getMessage()
                    + "; check --ws-url (a ws:// or wss:// URL) and --symbols");
            return;
        }
        long gen = ++generation;
        open = false;
        attemptsWithoutOpen++;
        session = new Session(gen, feed.newSession(symbols));
        LOG.info("[{}] connecting to {} (attempt {})", name, request.endpoint(), failedAttempts + 1);
        socket = client.newWebSocket(http, new Listener(gen));
    }

    /** Stops trying and tells the reader why; the task fails and Flink's restart strategy takes over. */
    private void giveUp(String message) {
        gaveUp = true;
        LOG.error("[{}] {}", name, message);
        buffer.offerControl(new LiveItem.Failed(new LiveFeedException(message)));
    }

    private void stopTicks() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    /** Abandons the current socket at once; its late callbacks are ignored by generation. */
    private void drop(String reason) {
        if (socket == null) {
            return;
        }
        long lost = generation++;
        stopTicks();
        socket.cancel();
        socket = null;
        if (open) {
            open = false;
            buffer.offerControl(new LiveItem.Connection(lost, false, reason));
        }
        LOG.info("[{}] dropped the connection: {}", name, reason);
    }

    private void scheduleReconnect() {
        if (closed || reconnectScheduled || gaveUp) {
            return;
        }
        if (attemptsWithoutOpen >= MAX_ATTEMPTS_WITHOUT_OPEN) {
            giveUp("could not open the live WebSocket to " + request.endpoint() + " in " + attemptsWithoutOpen
                    + " attempts in a row (last: " + lastFailure + "); check that --ws-url points at the feed's "
                    + "WebSocket endpoint and is reachable, and that every symbol in --symbols " + symbols
                    + " exists on the feed");
            return;
        }
        reconnectScheduled = true;
        long delay = backoffMillis(failedAttempts++);
        LOG.info("[{}] reconnecting in {} ms", name, delay);
        scheduler.schedule(this::connectNow, delay, TimeUnit.MILLISECONDS);
    }

    /** Capped exponential backoff with equal jitter (half fixed, half random), the project's one formula. */
    long backoffMillis(int attempt) {
        return backoff.delayMillis(attempt);
    }

    private void watchdog() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (overflowed && buffer.dataSize() <= buffer.capacity() / 2) {
            overflowed = false;
            LOG.info("[{}] the reader caught up; reconnecting after the buffer overflow", name);
            connectNow();
            return;
        }
        if (socket == null || !open) {
            return;
        }
        long silentNanos = now - lastFrameNanos;
        if (silentNanos > settings.silenceTimeout().toNanos()) {
            drop("silent feed: no frame for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
            scheduleReconnect();
        } else if (now - connectedAtNanos > feed.maxConnectionAge().toNanos()) {
            drop("connection older than " + feed.maxConnectionAge() + "; renewing it before the exchange closes it");
            connectNow();
        } else if (failedAttempts > 0 && now - connectedAtNanos > HEALTHY_AFTER.toNanos()) {
            failedAttempts = 0;
        }
    }

    private void onOverflow(long gen) {
        if (gen != generation || socket == null) {
            return;
        }
        drop("socket buffer full (" + buffer.capacity() + " frames): the job is behind the feed");
        overflowed = true;
        buffer.offerControl(new LiveItem.Overflow(buffer.capacity()));
    }

    /** Called on the scheduler once connection {@code gen} opened: sends the opening frames and starts the ticks. */
    private void opened(long gen, WebSocket webSocket) {
        if (gen != generation) {
            return;
        }
        open = true;
        attemptsWithoutOpen = 0;
        connectedAtNanos = System.nanoTime();
        lastFrameNanos = connectedAtNanos;
        buffer.offerControl(new LiveItem.Connection(gen, true, "connected"));
        Session current = session;
        current.webSocket = webSocket;
        for (String frame : current.openingFrames()) {
            webSocket.send(frame);
        }
        Duration tick = current.tickInterval();
        if (tick != null && !tick.isZero() && !tick.isNegative()) {
            long millis = Math.max(1, tick.toMillis());
            ticks = scheduler.scheduleAtFixedRate(() -> {
                if (gen == generation && open) {
                    current.tick(System.currentTimeMillis());
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One connection's session behind its lock, and the {@link LiveSignals} it writes to: everything it signals goes
     * to the buffer numbered with the connection (in frame order), frames to send go to its socket.
     */
    private final class Session implements LiveSignals {

        private final long gen;
        private final LiveSession protocol;
        private volatile WebSocket webSocket;

        Session(long gen, LiveSession protocol) {
            this.gen = gen;
            this.protocol = protocol;
        }

        synchronized List<String> openingFrames() {
            return protocol.openingFrames();
        }

        synchronized Duration tickInterval() {
            return protocol.tickInterval();
        }

        synchronized void text(String frame) {
            protocol.onText(frame, this);
        }

        synchronized void binary(byte[] frame) {
            protocol.onBinary(frame, this);
        }

        synchronized void tick(long nowMillis) {
            protocol.onTick(nowMillis, this);
        }

        synchronized boolean changeSymbols(List<String> newSymbols) {
            return protocol.changeSymbols(newSymbols, this);
        }

        @Override
        public void trades(List<Trade> trades) {
            if (!trades.isEmpty()) {
                data(new LiveItem.Trades(gen, trades instanceof ArrayList ? trades : List.copyOf(trades)));
            }
        }

        @Override
        public void safeTime(StreamId stream, long epochMillis) {
            data(new LiveItem.SafeTime(gen, stream, epochMillis));
        }

        @Override
        public void head(StreamId stream, Cursor newest) {
            data(new LiveItem.Head(gen, stream, newest));
        }

        @Override
        public void coversAfter(StreamId stream, Cursor position) {
            data(new LiveItem.Covers(gen, stream, position));
        }

        @Override
        public void reconnect(String reason) {
            if (gen == generation) {
                LOG.warn("[{}] the session asked for a new connection: {}", name, reason);
                FeedConnection.this.reconnect(reason);
            }
        }

        @Override
        public void chainHead(long headBlock, long confirmedBlock) {
            data(new LiveItem.Chain(headBlock, confirmedBlock, -1, -1, 0, false));
        }

        @Override
        public void reorg(long fromBlock, long toBlock, int droppedLogs, boolean beyondConfirmations) {
            data(new LiveItem.Chain(-1, -1, fromBlock, toBlock, droppedLogs, beyondConfirmations));
        }

        @Override
        public void send(String frame) {
            WebSocket target = webSocket;
            if (gen == generation && target != null) {
                target.send(frame);
            }
        }

        @Override
        public void streamError(StreamId stream, String message) {
            if (gen == generation) {
                buffer.offerControl(new LiveItem.StreamError(stream, message));
            }
        }

        @Override
        public void malformed(StreamId stream, MalformedFrameException error) {
            data(new LiveItem.Malformed(stream, error));
        }

        private void data(LiveItem item) {
            if (gen != generation) {
                return;
            }
            if (!buffer.offerData(item)) {
                onScheduler(() -> onOverflow(gen));
            }
        }
    }

    /** Callbacks of one socket; ignored once the socket is no longer the current one. */
    private final class Listener extends WebSocketListener {

        private final long gen;

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            onScheduler(() -> opened(gen, webSocket));
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            Session current = session;
            if (gen != generation || current == null || current.gen != gen) {
                return;
            }
            lastFrameNanos = System.nanoTime();
            current.webSocket = webSocket;
            current.text(text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            Session current = session;
            if (gen != generation || current == null || current.gen != gen) {
                return;
            }
            lastFrameNanos = System.nanoTime();
            current.webSocket = webSocket;
            current.binary(bytes.toByteArray());
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
            Session current = session;
            String advice = current == null ? null : current.protocol.closeAdvice(code, reason);
            lost("closed by the server: " + code + (reason.isEmpty() ? "" : " " + reason)
                    + (advice == null ? "" : "; " + advice));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            lost("connection failed: " + t + (response == null ? "" : " (HTTP " + response.code() + ")"));
        }

        private void lost(String reason) {
            onScheduler(() -> {
                if (gen != generation) {
                    return;
                }
                generation++;
                stopTicks();
                socket = null;
                boolean wasOpen = open;
                open = false;
                lastFailure = reason;
                LOG.warn("[{}] {}", name, reason);
                if (wasOpen) {
                    buffer.offerControl(new LiveItem.Connection(gen, false, reason));
                }
                scheduleReconnect();
            });
        }
    }
}
