package io.candlestream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.candlestream.model.Cursor;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventTypeInfo;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.testing.EmbeddedPostgresExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DeadLetterSink} in a Flink job on a MiniCluster, inserting into a real PostgreSQL's {@code dead_letters}. */
class DeadLetterSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final StreamId BTC = StreamId.of("binance", "BTCUSDT");

    private Connection connection;

    @BeforeEach
    void createTable() throws Exception {
        connection = POSTGRES.connection();
        DeadLetterTable.ensureExists(connection);
        DeadLetterTable.ensureExists(connection); // idempotent
    }

    @Test
    void aDeadLetterTwiceInOneBatchIsOneRowAndUnknownFieldsStayNull() throws Exception {
        DeadLetter page = new DeadLetter(BTC, DeadLetter.Kind.PAGE_REJECTED, "[]", "empty page", 1_714_521_600_000L,
                new Cursor(17, 3), 1_714_521_599_000L);
        DeadLetter frame = DeadLetter.unattributed("binance", DeadLetter.Kind.REJECTED_SUBSCRIPTION,
                "{\"code\":2}", "invalid request", 1_714_521_601_000L);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        CandleSinkOptions oneBatch = CandleSinkOptions.builder().batchSize(1000).batchInterval(Duration.ZERO).build();

        env.fromData(List.<FeedEvent>of(page, frame, page), FeedEventTypeInfo.INSTANCE)
                .sinkTo(DeadLetterSink.create(POSTGRES.settings(), oneBatch));
        env.execute("dead-letter sink, one batch");

        assertThat(DeadLetterTable.readAll(connection, "binance")).containsExactly(page, frame);
    }

    @Test
    void anEventThatIsNoDeadLetterFailsTheTaskNamingIt() {
        Configuration noRestart = new Configuration();
        noRestart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestart);
        env.setParallelism(1);
        env.fromData(List.<FeedEvent>of(new StreamStart(BTC, 0L)), FeedEventTypeInfo.INSTANCE)
                .sinkTo(DeadLetterSink.create(POSTGRES.settings(), CandleSinkOptions.defaults()));

        Throwable failure = catchThrowable(() -> env.execute("dead-letter sink, wrong event"));

        assertThat(ExceptionUtils.findThrowableWithMessage(failure, "DeadLetter events only")).isPresent();
    }
}
