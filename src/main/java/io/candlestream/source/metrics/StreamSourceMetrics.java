package io.candlestream.source.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The live source's metrics of one stream, in the subgroup {@code stream=<feed:SYMBOL>} of the reader's group.
 * Updated only by the reader's main thread.
 */
public final class StreamSourceMetrics {

    public static final String GROUP = "stream";
    public static final String CURSOR = "cursor";
    public static final String LIVE_TRADES = "liveTrades";
    public static final String RECONNECTS = "reconnects";
    public static final String GAPS = "gaps";
    public static final String GAP_CHUNKS = "gapChunks";
    public static final String MALFORMED_FRAMES = "malformedFrames";
    public static final String DUPLICATES_DROPPED = "sourceDuplicatesDropped";
    public static final String WATERMARK_LAG_MS = "watermarkLagMs";
    public static final String BACKFILL_IDS_REMAINING = "backfillIdsRemaining";
    public static final String BACKFILL_IDS_PER_SECOND = "backfillIdsPerSecond";
    public static final String BACKFILL_ETA_SECONDS = "backfillEtaSeconds";
    public static final String BACKLOG = "backlog";
    public static final String STREAM_ERRORS = "streamErrors";

    private final Counter liveTrades;
    private final Counter reconnects;
    private final Counter gaps;
    private final Counter gapChunks;
    private final Counter malformedFrames;
    private final Counter duplicatesDropped;
    private final Counter streamErrors;
    private volatile long cursor = Long.MIN_VALUE;
    private volatile long watermark = Long.MIN_VALUE;
    private volatile long idsRemaining;
    private volatile double idsPerSecond;
    private volatile long etaSeconds;
    private volatile int backlog;

    public StreamSourceMetrics(MetricGroup readerGroup, String stream) {
        MetricGroup group = readerGroup.addGroup(GROUP, stream);
        liveTrades = group.counter(LIVE_TRADES);
        reconnects = group.counter(RECONNECTS);
        gaps = group.counter(GAPS);
        gapChunks = group.counter(GAP_CHUNKS);
        malformedFrames = group.counter(MALFORMED_FRAMES);
        duplicatesDropped = group.counter(DUPLICATES_DROPPED);
        streamErrors = group.counter(STREAM_ERRORS);
        group.gauge(CURSOR, () -> cursor);
        group.gauge(BACKFILL_IDS_REMAINING, () -> idsRemaining);
        group.gauge(BACKFILL_IDS_PER_SECOND, () -> idsPerSecond);
        group.gauge(BACKFILL_ETA_SECONDS, () -> etaSeconds);
        group.gauge(BACKLOG, () -> backlog);
        group.gauge(WATERMARK_LAG_MS, () -> watermark == Long.MIN_VALUE ? -1L : System.currentTimeMillis() - watermark);
    }

    public void liveTrade(long cursorColumn) {
        liveTrades.inc();
        cursor = cursorColumn;
    }

    public void cursor(long cursorColumn) {
        cursor = cursorColumn;
    }

    public void watermark(long value) {
        watermark = value;
    }

    public void reconnect() {
        reconnects.inc();
    }

    public void gap() {
        gaps.inc();
    }

    public void gapChunks(int chunks) {
        gapChunks.inc(chunks);
    }

    /** The stream's backfill as it stands: ids not yet handed to the backfill operator, rate, ETA, backlog flag. */
    public void backfill(BackfillProgress progress, boolean inBacklog) {
        idsRemaining = progress.remaining();
        idsPerSecond = progress.idsPerSecond();
        etaSeconds = progress.etaSeconds();
        backlog = inBacklog ? 1 : 0;
    }

    /** The stream is live: nothing to backfill. */
    public void caughtUp() {
        idsRemaining = 0;
        idsPerSecond = 0;
        etaSeconds = 0;
        backlog = 0;
    }

    public void malformedFrame() {
        malformedFrames.inc();
    }

    /** The feed reported an error for the stream (e.g. refused its subscription). */
    public void streamError() {
        streamErrors.inc();
    }

    public void duplicateDropped() {
        duplicatesDropped.inc();
    }
}
