package io.candlestream.source.reader;

import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the history API for the streams without live trades for a probe interval, all of them in one round
 * ({@link HistoryClient#probeAll}), so a feed with a batch endpoint pays O(1) requests per round whatever the number
 * of streams. The reader's split emitter turns each stream's answer into a safe watermark (nothing missed), a gap up
 * to the newest position (a sparse stream no connection covered yet) or a backfill and a reconnect (the socket missed
 * trades).
 *
 * <p>One round in flight at a time; rounds start at least {@code max(interval, client's probeRoundSpacing × sharers)}
 * apart, so a feed without a batch endpoint keeps its probes within a fixed share of its rate limit, also when the
 * source's {@code sharers} parallel readers (one IP, as far as this reader can tell) probe at the same time. A round that has not
 * finished after {@value #TIMEOUT_ROUNDS} spacings counts as failed and the next one may start (a future that never
 * completes must not stop probing); its late answers are still delivered, being as sound late as on time. All round
 * state lives on the probe's own thread.
 */
final class QuietProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuietProbe.class);

    /** Spacings after which a round still in flight counts as failed. */
    static final int TIMEOUT_ROUNDS = 4;

    /** Longest wait between two looks at the clock; rounds start at most this late. */
    private static final long MAX_TICK_MILLIS = 250;

    private final HistoryClient history;
    private final Duration publicationDelay;
    private final LiveBuffer buffer;
    private final long intervalNanos;
    private final int sharers;
    private final ScheduledExecutorService scheduler;
    private final Map<StreamId, Long> lastLiveNanos = new ConcurrentHashMap<>();

    // probe thread only
    private long nextRoundNanos;
    private long roundNumber;
    private long inFlightRound = -1;
    private long inFlightDeadlineNanos;

    // read by the metrics
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failedRounds = new AtomicLong();
    private final AtomicLong timedOutRounds = new AtomicLong();
    private final AtomicLong unansweredStreams = new AtomicLong();
    private volatile long spacingMillis;
    private volatile int lastQuietStreams;

    QuietProbe(HistoryClient history, Duration publicationDelay, LiveBuffer buffer, Duration interval, String name) {
        this(history, publicationDelay, buffer, interval, 1, name);
    }

    /** @param sharers the readers that probe the same feed at the same time (the source's parallelism) */
    QuietProbe(HistoryClient history, Duration publicationDelay, LiveBuffer buffer, Duration interval, int sharers,
            String name) {
        if (sharers < 1) {
            throw new IllegalArgumentException("sharers must be at least 1, was " + sharers);
        }
        this.sharers = sharers;
        this.history = history;
        this.publicationDelay = publicationDelay;
        this.buffer = buffer;
        this.intervalNanos = interval.toNanos();
        this.spacingMillis = interval.toMillis();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "candlestream-probe-" + name);
            t.setDaemon(true);
            return t;
        });
        long intervalMillis = Math.max(1, interval.toMillis());
        this.nextRoundNanos = System.nanoTime() + interval.toNanos();
        long tick = Math.max(1, Math.min(intervalMillis, MAX_TICK_MILLIS));
        scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Starts watching a stream (as if it had just traded). */
    void watch(StreamId stream) {
        lastLiveNanos.put(stream, System.nanoTime());
    }

    void unwatch(StreamId stream) {
        lastLiveNanos.remove(stream);
    }

    /** Records live activity of a stream; called by the reader thread once per frame. */
    void liveActivity(StreamId stream) {
        lastLiveNanos.put(stream, System.nanoTime());
    }

    /** Rounds started. */
    long rounds() {
        return rounds.get();
    }

    /** Rounds that failed (no stream answered) or timed out. */
    long failedRounds() {
        return failedRounds.get();
    }

    /** Rounds that had not finished within {@value #TIMEOUT_ROUNDS} spacings. */
    long timedOutRounds() {
        return timedOutRounds.get();
    }

    /** Quiet streams a finished round did not answer for. */
    long unansweredStreams() {
        return unansweredStreams.get();
    }

    /** The spacing of the last round: the longer of the interval and what the client asked. */
    long spacingMillis() {
        return spacingMillis;
    }

    /** Quiet streams in the last round. */
    int lastQuietStreams() {
        return lastQuietStreams;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            if (inFlightRound >= 0) {
                if (now - inFlightDeadlineNanos < 0) {
                    return;
                }
                long timedOut = timedOutRounds.incrementAndGet();
                failedRounds.incrementAndGet();
                LOG.warn("Quiet-stream probe round {} did not finish within {} ms ({} timed out so far); starting the "
                        + "next one", inFlightRound, TIMEOUT_ROUNDS * spacingMillis, timedOut);
                inFlightRound = -1;
            }
            if (now - nextRoundNanos < 0) {
                return;
            }
            List<StreamId> quiet = lastLiveNanos.entrySet().stream()
                    .filter(e -> now - e.getValue() >= intervalNanos)
                    .map(Map.Entry::getKey)
                    .toList();
            if (quiet.isEmpty()) {
                return;
            }
            start(quiet, now);
        } catch (RuntimeException e) {
            LOG.warn("Quiet-stream probe round could not start", e);
        }
    }

    private void start(List<StreamId> quiet, long now) {
        long spacing = Math.max(intervalNanos, history.probeRoundSpacing(quiet.size()).toNanos() * sharers);
        spacingMillis = TimeUnit.NANOSECONDS.toMillis(spacing);
        lastQuietStreams = quiet.size();
        nextRoundNanos = now + spacing;
        long round = ++roundNumber;
        inFlightRound = round;
        inFlightDeadlineNanos = now + TIMEOUT_ROUNDS * spacing;
        rounds.incrementAndGet();
        CompletableFuture<List<StreamProbe>> answers;
        try {
            answers = history.probeAll(quiet, publicationDelay);
        } catch (RuntimeException e) {
            answers = CompletableFuture.failedFuture(e);
        }
        answers.whenComplete((list, error) -> {
            if (list != null) {
                list.forEach(answer -> buffer.offerControl(new LiveItem.Probe(answer)));
            }
            try {
                scheduler.execute(() -> finish(round, quiet.size(), list, error));
            } catch (RejectedExecutionException closed) {
                // the reader is closing
            }
        });
    }

    private void finish(long round, int asked, List<StreamProbe> answers, Throwable error) {
        if (round != inFlightRound) {
            return; // timed out already and counted
        }
        inFlightRound = -1;
        if (error != null) {
            long failed = failedRounds.incrementAndGet();
            if (failed % 20 == 1) {
                LOG.warn("Quiet-stream probe failed ({} so far); quiet streams' candles wait for their next "
                        + "trade or probe: {}", failed, error.toString());
            }
            return;
        }
        unansweredStreams.addAndGet(Math.max(0, asked - answers.size()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
