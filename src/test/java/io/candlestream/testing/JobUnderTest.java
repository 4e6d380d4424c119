package io.candlestream.testing;

import io.candlestream.CandlestreamJob;
import io.candlestream.config.JobOptions;
import io.candlestream.sink.JdbcSettings;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Runs the real job (the same wiring as {@code flink run}) on the test's Flink mini cluster. */
public final class JobUnderTest {

    private JobUnderTest() {}

    /** A mini cluster of one TaskManager with {@code slots} slots that keeps restarting a failed job. */
    public static MiniClusterExtension miniCluster(int slots) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 50);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .setConfiguration(conf)
                .build());
    }

    /** Prepares the database and submits the job at parallelism 1; {@code extra} may name a savepoint to restore. */
    public static JobClient submit(JobOptions options, Configuration extra) throws Exception {
        JdbcSettings jdbc = CandlestreamJob.prepareDatabase(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(extra);
        CandlestreamJob.configure(env, options);
        env.setParallelism(1);
        CandlestreamJob.build(env, options, jdbc);
        return env.executeAsync(CandlestreamJob.jobName(options));
    }

    public static JobClient submit(JobOptions options) throws Exception {
        return submit(options, new Configuration());
    }
}
