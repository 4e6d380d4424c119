package io.candlestream.source.suite;

import io.candlestream.model.FeedEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.environment.TestEnvironment;
import org.apache.flink.connector.testframe.environment.TestEnvironmentSettings;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/**
 * Flink's connector test suite ({@link SourceTestSuiteBase}) run against {@code LiveFeedSource}, with the simulated
 * Binance exchange as the external system: every split is a stream whose trades the test writes and the source reads
 * back live, exactly once, across savepoints, rescaling and a TaskManager failure.
 *
 * <p>Three base cases need a BOUNDED source and wait for the job to FINISH; a market feed never ends, so they are
 * overridden below to run the same steps on the unbounded source and cancel the job once every record was read.
 */
class LiveFeedSourceTestSuiteITCase extends SourceTestSuiteBase<FeedEvent> {

    @TestEnv
    final MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem
    final SimulatedExchange exchange = new SimulatedExchange();

    @TestContext
    final org.apache.flink.connector.testframe.external.ExternalContextFactory<LiveFeedSourceExternalContext> streams =
            LiveFeedSourceExternalContext.factory(exchange);

    // The source's positions are checkpointed exactly; at-least-once would test nothing more.
    @TestSemantics
    final CheckpointingMode[] semantics = {CheckpointingMode.EXACTLY_ONCE};

    /**
     * The base case needs a bounded source and waits for FINISHED, which a live feed never reaches; this runs its steps
     * on the unbounded source: one split, parallelism 1, exactly the written trades in order, then cancel.
     */
    @Override
    @TestTemplate
    @DisplayName("Test source with single split (unbounded: read all, then cancel)")
    public void testSourceSingleSplit(TestEnvironment testEnv, DataStreamSourceExternalContext<FeedEvent> context,
            CheckpointingMode semantic) throws Exception {
        readWrittenSplitsBack(testEnv, context, semantic, 1, 1);
    }

    /**
     * The base case needs a bounded source and waits for FINISHED; this runs its steps on the unbounded source: four
     * splits, parallelism 4, exactly the written trades of each split in order, then cancel.
     */
    @Override
    @TestTemplate
    @DisplayName("Test source with multiple splits (unbounded: read all, then cancel)")
    public void testMultipleSplits(TestEnvironment testEnv, DataStreamSourceExternalContext<FeedEvent> context,
            CheckpointingMode semantic) throws Exception {
        readWrittenSplitsBack(testEnv, context, semantic, 4, 4);
    }

    /**
     * The base case checks that a reader without splits gets NoMoreSplits so a bounded job can FINISH; an unbounded
     * source never sends it (its readers mark themselves idle instead). This runs the rest: four splits at
     * parallelism 5, so at least one reader has none, and still every written trade is read, then cancel.
     */
    @Override
    @TestTemplate
    @DisplayName("Test source with at least one idle parallelism (unbounded: read all, then cancel)")
    public void testIdleReader(TestEnvironment testEnv, DataStreamSourceExternalContext<FeedEvent> context,
            CheckpointingMode semantic) throws Exception {
        readWrittenSplitsBack(testEnv, context, semantic, 4, 5);
    }

    private void readWrittenSplitsBack(TestEnvironment testEnv, DataStreamSourceExternalContext<FeedEvent> context,
            CheckpointingMode semantic, int splits, int parallelism) throws Exception {
        TestingSourceSettings settings = TestingSourceSettings.builder()
                .setBoundedness(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED)
                .setCheckpointingMode(semantic)
                .build();
        var source = tryCreateSource(context, settings);
        List<List<FeedEvent>> written = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            written.add(generateAndWriteTestData(i, context, settings));
        }
        StreamExecutionEnvironment env = testEnv.createExecutionEnvironment(TestEnvironmentSettings.builder()
                .setConnectorJarPaths(context.getConnectorJarPaths()).build());
        CloseableIterator<FeedEvent> results = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                        "Tested Source")
                .setParallelism(parallelism)
                .collectAsync();
        JobClient job = env.executeAsync("Live source read-back test");
        try (results) {
            checkResultWithSemantic(results, written, semantic, getTestDataSize(written));
        } finally {
            job.cancel().get();
        }
    }
}
