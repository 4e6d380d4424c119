package io.candlestream.source.reader;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.LiveFrameDecoder;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live WebSocket connection for all streams of a reader, kept alive: reconnects with capped exponential backoff
 * and jitter, detects a dead connection (unanswered pings) and a silent one (no frame for the silence timeout)
 * separately, reconnects on purpose before the exchange's connection age limit, and drops the connection when the
 * reader falls behind (buffer full) instead of blocking or losing trades silently.
 *
 * <p>Threading: connection state is confined to one scheduler thread; OkHttp's reader thread decodes frames and
 * hands them to the {@link LiveBuffer}. What a dropped connection missed is not this class's business: the reader
 * sees the next trade's cursor jump and emits a gap.
 */
final class FeedConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedConnection.class);
    private static final long WATCHDOG_MILLIS = 250;
    private static final Duration HEALTHY_AFTER = Duration.ofSeconds(10);

    private final FeedAdapter feed;
    private final LiveSourceSettings settings;
    private final LiveBuffer buffer;
    private final String name;
    private final ScheduledExecutorService scheduler;
    private final OkHttpClient client;

    // Confined to the scheduler thread.
    private List<String> symbols = List.of();
    private WebSocket socket;
    private long connectedAtNanos;
    private int failedAttempts;
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

    /** Connects (or reconnects) for exactly these symbols. */
    void subscribe(Collection<String> newSymbols) {
        List<String> copy = List.copyOf(newSymbols);
        scheduler.execute(() -> {
            symbols = copy;
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
        if (closed || symbols.isEmpty() || overflowed) {
            return;
        }
        String url = feed.liveUrl(settings.wsBaseUrl(), symbols);
        long gen = ++generation;
        open = false;
        LOG.info("[{}] connecting to {} (attempt {})", name, url, failedAttempts + 1);
        socket = client.newWebSocket(new Request.Builder().url(url).build(), new Listener(gen));
    }

    /** Abandons the current socket at once; its late callbacks are ignored by generation. */
    private void drop(String reason) {
        if (socket == null) {
            return;
        }
        generation++;
        socket.cancel();
        socket = null;
        if (open) {
            open = false;
            buffer.offerControl(new LiveItem.Connection(false, reason));
        }
        LOG.info("[{}] dropped the connection: {}", name, reason);
    }

    private void scheduleReconnect() {
        if (closed || reconnectScheduled) {
            return;
        }
        reconnectScheduled = true;
        long delay = backoffMillis(failedAttempts++);
        LOG.info("[{}] reconnecting in {} ms", name, delay);
        scheduler.schedule(this::connectNow, delay, TimeUnit.MILLISECONDS);
    }

    /** Capped exponential backoff with equal jitter: half fixed, half random. */
    long backoffMillis(int attempt) {
        long min = settings.minBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long base = Math.min(max, min << Math.min(attempt, 20));
        long half = Math.max(1, base / 2);
        return half + ThreadLocalRandom.current().nextLong(half);
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

    /** Callbacks of one socket; ignored once the socket is no longer the current one. */
    private final class Listener extends WebSocketListener {

        private final long gen;
        private final LiveFrameDecoder decoder = feed.newFrameDecoder();

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            onScheduler(() -> {
                if (gen != generation) {
                    return;
                }
                open = true;
                connectedAtNanos = System.nanoTime();
                lastFrameNanos = connectedAtNanos;
                buffer.offerControl(new LiveItem.Connection(true, "connected"));
            });
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (gen != generation) {
                return;
            }
            lastFrameNanos = System.nanoTime();
            LiveItem item;
            try {
                List<Trade> trades = decoder.decode(text);
                if (trades.isEmpty()) {
                    return;
                }
                item = new LiveItem.Trades(trades instanceof ArrayList ? trades : List.copyOf(trades));
            } catch (MalformedFrameException e) {
                item = new LiveItem.Malformed(e);
            }
            if (!buffer.offerData(item)) {
                onScheduler(() -> onOverflow(gen));
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
            lost("closed by the server: " + code + (reason.isEmpty() ? "" : " " + reason));
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
                socket = null;
                boolean wasOpen = open;
                open = false;
                LOG.warn("[{}] {}", name, reason);
                if (wasOpen) {
                    buffer.offerControl(new LiveItem.Connection(false, reason));
                }
                scheduleReconnect();
            });
        }
    }
}
