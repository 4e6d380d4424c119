package io.candlestream.candles;

import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventSerializer;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Trades, harnesses and metric capture shared by the candles tests. */
final class CandleTestSupport {

    static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    static final StreamId BTCUSDT = StreamId.of("binance", "BTCUSDT");

    /** 2019-10-11T00:00:00Z, a day boundary (so also a 1h, 4h and 1d bucket start). */
    static final long T0 = Instant.parse("2019-10-11T00:00:00Z").toEpochMilli();

    static final long MINUTE = 60_000L;

    private CandleTestSupport() {}

    static Trade trade(long id, long time, String price, String quantity) {
        return trade(XRPETH, id, time, price, quantity, 1);
    }

    static Trade trade(StreamId stream, long id, long time, String price, String quantity, long rawTrades) {
        return new Trade(stream, Cursor.ofId(id), time, new BigDecimal(price), new BigDecimal(quantity), rawTrades);
    }

    /**
     * A keyed harness around a function, set up (not yet opened), with generic types disabled (so a Kryo fallback
     * fails the test) and captured metrics. The output serializer is inferred from the first record unless given.
     */
    static <OUT> KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, OUT> harness(
            KeyedProcessFunction<String, FeedEvent, OUT> function, TypeSerializer<OUT> outputSerializer,
            MetricCapture metrics) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                        (FeedEvent event) -> event.stream().toString(), Types.STRING, metrics.environment());
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
        if (outputSerializer == null) {
            harness.setup();
        } else {
            harness.setup(outputSerializer);
        }
        return harness;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, FeedEvent> dedupHarness(MetricCapture metrics)
            throws Exception {
        return harness(new DedupFunction(), new FeedEventSerializer(), metrics);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, Candle> candleHarness(
            CandleFunction function, MetricCapture metrics) throws Exception {
        return harness(function, null, metrics);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, Candle> candleHarness(CandleFunction function)
            throws Exception {
        return candleHarness(function, new MetricCapture());
    }

    /** The records of a harness's main output, in order, without watermarks. */
    @SuppressWarnings("unchecked")
    static <T> List<T> records(Iterable<Object> output) {
        List<T> result = new ArrayList<>();
        for (Object element : output) {
            if (element instanceof StreamRecord<?> record) {
                result.add((T) record.getValue());
            }
        }
        return result;
    }

    static List<Candle> candles(KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, Candle> harness) {
        return records(harness.getOutput());
    }

    /** Takes and clears the candles emitted so far. */
    static List<Candle> drain(KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, Candle> harness) {
        List<Candle> result = candles(harness);
        harness.getOutput().clear();
        return result;
    }

    /** Records every metric registered under a real task metric group, by stream subgroup and name. */
    static final class MetricCapture {

        private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

        MockEnvironment environment() {
            TestingMetricRegistry registry = TestingMetricRegistry.builder()
                    .setRegisterConsumer((metric, name, group) -> metrics.put(
                            group.getAllVariables().get("<" + CandleMetrics.STREAM_GROUP + ">") + "/" + name,
                            metric))
                    .build();
            TaskMetricGroup task = TaskManagerMetricGroup
                    .createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate())
                    .addJob(new JobID(), "candles-test")
                    .addTask(ExecutionAttemptID.randomId(), "candles");
            return new MockEnvironmentBuilder().setMetricGroup(task).setMaxParallelism(128).build();
        }

        /** The count of a stream's counter; 0 when it was never registered. */
        long count(StreamId stream, String name) {
            Metric metric = metrics.get(stream + "/" + name);
            return metric == null ? 0 : ((Counter) metric).getCount();
        }
    }
}
