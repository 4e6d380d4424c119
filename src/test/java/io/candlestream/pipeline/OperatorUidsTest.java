package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.CandlestreamJob;
import io.candlestream.config.JobOptions;
import io.candlestream.sink.JdbcSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** Savepoint compatibility starts with stable uids: every operator of the job has one, from {@link OperatorUids}. */
class OperatorUidsTest {

    @Test
    void everyOperatorHasAStableUidAndAReadableName() throws Exception {
        JobOptions options = JobOptions.parse("--symbols", "XRPETH,BTCUSDT", "--intervals", "1m,5m",
                "--jdbc-url", "jdbc:postgresql://localhost:5432/candles", "--jdbc-user", "candles");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CandlestreamJob.configure(env, options);
        CandlestreamJob.build(env, options, JdbcSettings.of(options.jdbcUrl(), options.jdbcUser(), null));
        StreamGraph graph = env.getStreamGraph();

        List<String> declared = new ArrayList<>();
        for (Field field : OperatorUids.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                declared.add((String) field.get(null));
            }
        }
        assertThat(graph.getStreamNodes()).isNotEmpty();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            assertThat(uid).as("uid of '%s'", node.getOperatorName()).isNotBlank();
            assertThat(declared).as("uid '%s' of '%s' comes from OperatorUids", uid, node.getOperatorName())
                    .anyMatch(uid::contains);
            assertThat(node.getOperatorName()).as("name of %s", uid).matches(".*[a-z].*").doesNotContain("Map");
        }
    }
}
