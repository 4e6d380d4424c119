package io.candlestream.source.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A chain feed's metrics of one reader, in the subgroup {@code chain} of the reader's group: the newest block the
 * connection saw, the newest block at the confirmation depth (what candles are built up to), and the
 * reorganisations it saw, with the held logs they dropped and those that reached beyond the confirmation depth.
 * Updated only by the reader's main thread.
 */
public final class ChainMetrics {

    public static final String GROUP = "chain";
    public static final String HEAD_BLOCK = "headBlock";
    public static final String CONFIRMED_BLOCK = "confirmedBlock";
    public static final String REORGS = "reorgs";
    public static final String REORG_DROPPED_LOGS = "reorgDroppedLogs";
    public static final String DEEP_REORGS = "reorgsBeyondConfirmations";

    private final Counter reorgs;
    private final Counter droppedLogs;
    private final Counter deepReorgs;
    private volatile long headBlock = -1;
    private volatile long confirmedBlock = -1;

    public ChainMetrics(MetricGroup readerGroup) {
        MetricGroup group = readerGroup.addGroup(GROUP);
        reorgs = group.counter(REORGS);
        droppedLogs = group.counter(REORG_DROPPED_LOGS);
        deepReorgs = group.counter(DEEP_REORGS);
        group.gauge(HEAD_BLOCK, () -> headBlock);
        group.gauge(CONFIRMED_BLOCK, () -> confirmedBlock);
    }

    /** Records a new head and the confirmed block under it. */
    public void head(long head, long confirmed) {
        headBlock = head;
        confirmedBlock = confirmed;
    }

    /** Records a reorganisation of {@code depth} blocks that dropped {@code logs} held logs. */
    public void reorg(int depth, int logs, boolean beyondConfirmations) {
        reorgs.inc();
        droppedLogs.inc(logs);
        if (beyondConfirmations) {
            deepReorgs.inc();
        }
    }
}
