package io.candlestream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.audit.BackfillRecord;
import io.candlestream.testing.EmbeddedPostgresExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BackfillSink} in a Flink job on a MiniCluster, inserting into a real PostgreSQL's {@code backfills}. */
class BackfillSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final BackfillRecord FILLED = new BackfillRecord("binance", "BTCUSDT", 100, 1101, 101L, 1100L,
            1_714_521_600_000L, 1_714_521_659_000L, 1000, 2, "RECONNECT", 1_714_521_700_000L);
    private static final BackfillRecord EMPTY = new BackfillRecord("binance", "ETHUSDT", 7, 8, null, null, null,
            null, 0, 1, "PROBE", 1_714_521_701_000L);

    private Connection connection;

    @BeforeEach
    void createTable() throws Exception {
        connection = POSTGRES.connection();
        BackfillTable.ensureExists(connection);
        BackfillTable.ensureExists(connection); // idempotent
    }

    @Test
    void theRecordIsAFlinkPojoSoNoKryoIsNeeded() {
        assertThat(TypeInformation.of(BackfillRecord.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void aReplayedGapKeepsItsFirstRowAndNullsStayNull() throws Exception {
        BackfillRecord replayed = new BackfillRecord("binance", "BTCUSDT", 100, 1101, 101L, 1100L,
                1_714_521_600_000L, 1_714_521_659_000L, 1000, 3, "RECONNECT", 1_714_521_800_000L);
        run(List.of(FILLED, EMPTY, FILLED));
        run(List.of(replayed));

        assertThat(BackfillTable.readAll(connection, "binance")).containsExactly(FILLED, EMPTY);
    }

    private static void run(List<BackfillRecord> rows) throws Exception {
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noKryo);
        env.setParallelism(1);
        CandleSinkOptions oneBatch = CandleSinkOptions.builder().batchSize(1000).batchInterval(Duration.ZERO).build();
        env.fromData(rows, TypeInformation.of(BackfillRecord.class))
                .sinkTo(BackfillSink.create(POSTGRES.settings(), oneBatch));
        env.execute("backfills sink");
    }
}
