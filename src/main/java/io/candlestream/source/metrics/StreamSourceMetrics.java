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

    private final Counter liveTrades;
    private final Counter reconnects;
    private final Counter gaps;
    private final Counter gapChunks;
    private final Counter malformedFrames;
    private final Counter duplicatesDropped;
    private volatile long cursor = Long.MIN_VALUE;
    private volatile long watermark = Long.MIN_VALUE;

    public StreamSourceMetrics(MetricGroup readerGroup, String stream) {
        MetricGroup group = readerGroup.addGroup(GROUP, stream);
        liveTrades = group.counter(LIVE_TRADES);
        reconnects = group.counter(RECONNECTS);
        gaps = group.counter(GAPS);
        gapChunks = group.counter(GAP_CHUNKS);
        malformedFrames = group.counter(MALFORMED_FRAMES);
        duplicatesDropped = group.counter(DUPLICATES_DROPPED);
        group.gauge(CURSOR, () -> cursor);
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

    public void gap(int chunks) {
        gaps.inc();
        gapChunks.inc(chunks);
    }

    public void malformedFrame() {
        malformedFrames.inc();
    }

    public void duplicateDropped() {
        duplicatesDropped.inc();
    }
}
