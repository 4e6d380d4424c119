package io.candlestream.source.metrics;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.MetricGroup;

/**
 * The quiet-stream probe's metrics of one reader, in the subgroup {@code probe} of the reader's group: rounds started,
 * failed and timed out, streams a round did not answer for, the spacing and size of the last round, and what the
 * history client spent on probes ({@code requests}, {@code weight}: the exchange's request weight or call cost; -1
 * when the client does not count it). Gauges only: the values are kept by the probe's thread and the client.
 */
public final class ProbeMetrics {

    public static final String GROUP = "probe";
    public static final String ROUNDS = "rounds";
    public static final String FAILED_ROUNDS = "failedRounds";
    public static final String TIMED_OUT_ROUNDS = "timedOutRounds";
    public static final String UNANSWERED_STREAMS = "unansweredStreams";
    public static final String ROUND_SPACING_MS = "roundSpacingMs";
    public static final String QUIET_STREAMS = "quietStreams";
    public static final String REQUESTS = "requests";
    public static final String WEIGHT = "weight";

    /** What the probe and its client count. */
    public record Sources(LongSupplier rounds, LongSupplier failedRounds, LongSupplier timedOutRounds,
            LongSupplier unansweredStreams, LongSupplier spacingMillis, LongSupplier quietStreams,
            LongSupplier requests, LongSupplier weight) {}

    private ProbeMetrics() {}

    /** Registers the gauges. */
    public static void register(MetricGroup readerGroup, Sources sources) {
        MetricGroup group = readerGroup.addGroup(GROUP);
        group.gauge(ROUNDS, sources.rounds()::getAsLong);
        group.gauge(FAILED_ROUNDS, sources.failedRounds()::getAsLong);
        group.gauge(TIMED_OUT_ROUNDS, sources.timedOutRounds()::getAsLong);
        group.gauge(UNANSWERED_STREAMS, sources.unansweredStreams()::getAsLong);
        group.gauge(ROUND_SPACING_MS, sources.spacingMillis()::getAsLong);
        group.gauge(QUIET_STREAMS, sources.quietStreams()::getAsLong);
        group.gauge(REQUESTS, sources.requests()::getAsLong);
        group.gauge(WEIGHT, sources.weight()::getAsLong);
    }
}
