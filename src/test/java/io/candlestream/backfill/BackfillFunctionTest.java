package io.candlestream.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.feed.binance.FakeBinanceExchange;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventSerializer;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import io.candlestream.model.FeedEventTypeInfo;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackfillFunctionTest {

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private static final String AGG_TRADES = "/api/v3/aggTrades";
    private static final long LONG_TIMEOUT_MS = 600_000;

    private final FakeBinanceExchange exchange = new FakeBinanceExchange("XRPETH", 1, 10_000);
    private final List<OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent>> harnesses = new ArrayList<>();
    private MockWebServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(exchange);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        exchange.holdAggTrades(false);
        for (OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness : harnesses) {
            harness.close();
        }
        server.shutdown();
    }

    private BackfillFunction function(long timeoutMs) {
        HistorySettings settings = new HistorySettings(server.url("/").toString(), Duration.ofSeconds(30), 5,
                Duration.ofMillis(5), Duration.ofMillis(50));
        return new BackfillFunction(new BinanceFeed(), settings, Duration.ofMillis(timeoutMs));
    }

    private OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness(BackfillFunction function, long timeoutMs)
            throws Exception {
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness = new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(function, timeoutMs, 10, AsyncDataStream.OutputMode.ORDERED),
                new FeedEventSerializer());
        harnesses.add(harness);
        return harness;
    }

    private static Trade trade(long id) {
        return FakeBinanceExchange.trade(XRPETH, id);
    }

    private static Gap gap(long after, long before) {
        return new Gap(XRPETH, Cursor.ofId(after), Cursor.ofId(before));
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void gapBecomesItsTradesInPlaceWithWatermarkBehindThem() throws Exception {
        BackfillFunction function = function(LONG_TIMEOUT_MS);
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness = harness(function, LONG_TIMEOUT_MS);
        harness.open();

        harness.processElement(new StreamRecord<>(trade(100), FakeBinanceExchange.time(100)));
        harness.processElement(new StreamRecord<>(gap(100, 105), FakeBinanceExchange.time(100)));
        harness.processWatermark(new Watermark(FakeBinanceExchange.time(100)));
        harness.processElement(new StreamRecord<>(trade(105), FakeBinanceExchange.time(105)));
        harness.endInput();

        assertThat(harness.getOutput()).containsExactly(
                new StreamRecord<>(trade(100), FakeBinanceExchange.time(100)),
                new StreamRecord<>(trade(101), FakeBinanceExchange.time(100)),
                new StreamRecord<>(trade(102), FakeBinanceExchange.time(100)),
                new StreamRecord<>(trade(103), FakeBinanceExchange.time(100)),
                new StreamRecord<>(trade(104), FakeBinanceExchange.time(100)),
                new Watermark(FakeBinanceExchange.time(100)),
                new StreamRecord<>(trade(105), FakeBinanceExchange.time(105)));
        BackfillMetrics.StreamMetrics metrics = function.metrics().stream(XRPETH);
        assertThat(metrics.gapsBackfilled()).isEqualTo(1);
        assertThat(metrics.backfilledTrades()).isEqualTo(4);
        assertThat(metrics.requestsInFlight()).isZero();
    }

    @Test
    void deadLetterPassesUnchangedInItsPlaceBehindAGap() throws Exception {
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness =
                harness(function(LONG_TIMEOUT_MS), LONG_TIMEOUT_MS);
        harness.setup(new FeedEventSerializer()); // trades and dead letters on one output
        harness.open();
        DeadLetter letter = new DeadLetter(XRPETH, DeadLetter.Kind.MALFORMED_FRAME, "{\"a\":", "not JSON",
                1_000L, null, null);

        harness.processElement(new StreamRecord<>(gap(100, 103), FakeBinanceExchange.time(100)));
        harness.processElement(new StreamRecord<>(letter, FakeBinanceExchange.time(100)));
        harness.processElement(new StreamRecord<>(trade(103), FakeBinanceExchange.time(103)));
        harness.endInput();

        assertThat(harness.extractOutputValues()).containsExactly(trade(101), trade(102), letter, trade(103));
    }

    @Test
    void streamStartPassesStraightThrough() throws Exception {
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness =
                harness(function(LONG_TIMEOUT_MS), LONG_TIMEOUT_MS);
        harness.open();

        harness.processElement(new StreamRecord<>(new StreamStart(XRPETH, 1_000L), 1_000L));
        harness.endInput();

        assertThat(harness.extractOutputValues()).containsExactly(new StreamStart(XRPETH, 1_000L));
        assertThat(exchange.served()).isEmpty();
    }

    @Test
    void gapInFlightAtSnapshotIsRequestedAgainAfterRestoreAndEmittedOnce() throws Exception {
        exchange.holdAggTrades(true);
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> before =
                harness(function(LONG_TIMEOUT_MS), LONG_TIMEOUT_MS);
        // closing the first harness fails its pending request; the task is gone by then, so that is expected
        before.getEnvironment().setExpectedExternalFailureCause(Throwable.class);
        before.open();
        before.processElement(new StreamRecord<>(gap(100, 105), 1_000L));
        before.processElement(new StreamRecord<>(trade(105), 1_001L));
        awaitCondition(() -> !exchange.served(AGG_TRADES).isEmpty(), "the gap's page is requested");

        OperatorSubtaskState snapshot = before.snapshot(1L, 1L);
        assertThat(before.getOutput()).isEmpty();
        before.close();
        harnesses.remove(before);

        exchange.holdAggTrades(false);
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> after =
                harness(function(LONG_TIMEOUT_MS), LONG_TIMEOUT_MS);
        after.initializeState(snapshot);
        after.open();
        after.endInput();

        assertThat(after.extractOutputValues())
                .containsExactly(trade(101), trade(102), trade(103), trade(104), trade(105));
        assertThat(exchange.served(AGG_TRADES)).extracting(s -> s.param("fromId")).containsExactly("101", "101");
    }

    @Test
    void gapNotFilledInTimeFailsTheTaskNamingGapAndTimeout() throws Exception {
        exchange.holdAggTrades(true);
        long timeoutMs = 1_000;
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness = harness(function(timeoutMs), timeoutMs);
        harness.getEnvironment().setExpectedExternalFailureCause(Throwable.class);
        harness.open();

        harness.processElement(new StreamRecord<>(gap(100, 105), 1_000L));
        harness.setProcessingTime(harness.getProcessingTime() + timeoutMs + 1);

        assertThat(harness.getEnvironment().getActualExternalFailureCause()).isPresent();
        Throwable failure = harness.getEnvironment().getActualExternalFailureCause().orElseThrow();
        assertThat(ExceptionUtils.findThrowable(failure, HistoryException.class)).hasValueSatisfying(e ->
                assertThat(e).hasMessageContaining("Gap[binance:XRPETH (100, 105)]")
                        .hasMessageContaining("within 1000 ms"));
        assertThat(harness.getOutput()).isEmpty();
    }

    @Test
    void exhaustedRetriesFailTheTaskWithTheClientsReason() throws Exception {
        exchange.alwaysAggTrades(request -> new okhttp3.mockwebserver.MockResponse().setResponseCode(503));
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness =
                harness(function(LONG_TIMEOUT_MS), LONG_TIMEOUT_MS);
        harness.getEnvironment().setExpectedExternalFailureCause(Throwable.class);
        harness.open();

        harness.processElement(new StreamRecord<>(gap(100, 105), 1_000L));
        harness.endInput();

        Throwable failure = harness.getEnvironment().getActualExternalFailureCause().orElseThrow();
        assertThat(ExceptionUtils.findThrowable(failure, HistoryException.class)).hasValueSatisfying(e ->
                assertThat(e).hasMessageContaining("Gap[binance:XRPETH (100, 105)]")
                        .hasMessageContaining("after 5 attempts"));
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void applyAddsOrderedBackfillWithStableUidAndName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<FeedEvent> events = env.fromData(FeedEventTypeInfo.INSTANCE, (FeedEvent) trade(1));

        SingleOutputStreamOperator<FeedEvent> backfilled = BackfillFunction.apply(events, new BinanceFeed(),
                HistorySettings.defaults("https://api.binance.com"), Duration.ofMinutes(5), 100);

        assertThat(backfilled.getTransformation().getUid()).isEqualTo("backfill");
        assertThat(backfilled.getName()).isEqualTo("Backfill gaps (async REST)");
        assertThat(backfilled.getType()).isEqualTo(FeedEventTypeInfo.INSTANCE);
    }
}
