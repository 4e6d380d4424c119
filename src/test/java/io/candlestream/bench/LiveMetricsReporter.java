package io.candlestream.bench;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.configuration.Configuration;

/**
 * A metric reporter for the benchmarks' in-JVM mini cluster: it keeps the operators' {@code numRecordsIn} counters,
 * so a benchmark reads exact, current record counts (the REST API's are fetched copies, seconds old). Registered on
 * a cluster with {@link #register(Configuration)}; found by Flink through {@code META-INF/services}.
 */
public final class LiveMetricsReporter implements MetricReporter {

    private static final String NAME = "candlestreamBench";
    private static final Map<String, Counter> RECORDS_IN = new ConcurrentHashMap<>();
    private static final Map<String, org.apache.flink.metrics.Gauge<?>> PROBE_WEIGHT = new ConcurrentHashMap<>();

    /** Adds this reporter to a cluster configuration. */
    static void register(Configuration conf) {
        conf.setString("metrics.reporters", NAME);
        conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    }

    /** Forgets the counters of earlier clusters. */
    static void reset() {
        RECORDS_IN.clear();
        PROBE_WEIGHT.clear();
    }

    /**
     * The request weight the source's readers spent on quiet-stream probes so far ({@code probe.weight}, summed over
     * the readers that are registered now); -1 while none has registered or the client does not count it.
     */
    static long probeWeight() {
        long sum = 0;
        boolean any = false;
        for (org.apache.flink.metrics.Gauge<?> gauge : PROBE_WEIGHT.values()) {
            if (gauge.getValue() instanceof Number value && value.longValue() >= 0) {
                sum += value.longValue();
                any = true;
            }
        }
        return any ? sum : -1;
    }

    /**
     * Records received so far by every subtask of the operators whose name starts with {@code operatorPrefix}; -1
     * while none has registered.
     */
    static long recordsIn(String operatorPrefix) {
        long sum = 0;
        boolean any = false;
        for (Map.Entry<String, Counter> entry : RECORDS_IN.entrySet()) {
            if (entry.getKey().startsWith(operatorPrefix)) {
                sum += entry.getValue().getCount();
                any = true;
            }
        }
        return any ? sum : -1;
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String operator = variables.get("<operator_name>");
        if ("numRecordsIn".equals(metricName) && operator != null && metric instanceof Counter counter) {
            RECORDS_IN.put(operator + "#" + variables.get("<job_id>") + "#" + variables.get("<subtask_index>")
                    + "#" + variables.get("<attempt_num>"), counter);
        }
        if (io.candlestream.source.metrics.ProbeMetrics.WEIGHT.equals(metricName)
                && metric instanceof org.apache.flink.metrics.Gauge<?> gauge
                && group.getMetricIdentifier(metricName).contains("." + io.candlestream.source.metrics.ProbeMetrics.GROUP
                        + ".")) {
            PROBE_WEIGHT.put(group.getMetricIdentifier(metricName), gauge);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Kept: a restarted attempt registers its own counter, and the old one's count still happened. (A restarted
        // reader's probe weight starts again from 0: the window's difference is then a lower bound.)
    }

    /** Creates the reporter. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new LiveMetricsReporter();
        }
    }
}
