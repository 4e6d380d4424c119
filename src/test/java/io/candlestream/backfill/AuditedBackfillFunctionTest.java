package io.candlestream.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.audit.BackfillRecord;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.feed.binance.FakeBinanceExchange;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventSerializer;
import io.candlestream.model.Gap;
import io.candlestream.model.GapReason;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuditedBackfillFunction} in an ordered async operator harness: a gap becomes its trades in place followed by
 * one audit record that says what was loaded, how many requests it took (retries included) and why.
 */
class AuditedBackfillFunctionTest {

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private static final long TIMEOUT_MS = 600_000;
    private static final long FILLED_AT = 1_800_000_000_000L;

    private final FakeBinanceExchange exchange = new FakeBinanceExchange("XRPETH", 1, 10_000);
    private MockWebServer server;
    private OneInputStreamOperatorTestHarness<FeedEvent, Either<FeedEvent, BackfillRecord>> harness;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(exchange);
        server.start();
        HistorySettings settings = new HistorySettings(server.url("/").toString(), Duration.ofSeconds(30), 5,
                Duration.ofMillis(5), Duration.ofMillis(50));
        harness = new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(
                new AuditedBackfillFunction(new BinanceFeed(), settings, Duration.ofMillis(TIMEOUT_MS),
                        () -> FILLED_AT), TIMEOUT_MS, 10, AsyncDataStream.OutputMode.ORDERED),
                new FeedEventSerializer());
        harness.setup(AuditedBackfillFunction.OUTPUT_TYPE.createSerializer(new SerializerConfigImpl()));
        harness.open();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        server.shutdown();
    }

    @Test
    void aGapBecomesItsTradesThenOneRecordOfWhatWasLoadedAndWhy() throws Exception {
        Trade live = FakeBinanceExchange.trade(XRPETH, 105);
        harness.processElement(new StreamRecord<>(FakeBinanceExchange.trade(XRPETH, 100), 1));
        harness.processElement(new StreamRecord<>(new Gap(XRPETH, Cursor.ofId(100), Cursor.ofId(105),
                GapReason.RECONNECT), 2));
        harness.processElement(new StreamRecord<>(live, 3));
        harness.endInput();

        List<Either<FeedEvent, BackfillRecord>> out = harness.extractOutputValues();
        assertThat(out).hasSize(7);
        assertThat(out.subList(0, 5)).allMatch(Either::isLeft);
        assertThat(out.subList(1, 5).stream().map(e -> ((Trade) e.left()).cursor().height()))
                .containsExactly(101L, 102L, 103L, 104L);
        assertThat(out.get(5).isRight()).as("the record follows the gap's trades").isTrue();
        assertThat(out.get(6).left()).isEqualTo(live);
        // The gap's requests: exchangeInfo (the weight limit, read once before the first page) and the page.
        assertThat(exchange.served()).hasSize(2);
        assertThat(out.get(5).right()).isEqualTo(new BackfillRecord("binance", "XRPETH", 100, 105, 101L, 104L,
                FakeBinanceExchange.time(101), FakeBinanceExchange.time(104), 4, 2, "RECONNECT", FILLED_AT));
    }

    @Test
    void aRetriedPageCountsEveryRequestTheGapTook() throws Exception {
        exchange.thenAggTrades(request -> new MockResponse().setResponseCode(503).setBody("{}"))
                .thenAggTrades(request -> new MockResponse().setResponseCode(503).setBody("{}"));
        harness.processElement(new StreamRecord<>(new Gap(XRPETH, Cursor.ofId(200), Cursor.ofId(203),
                GapReason.CORRUPT_FRAME), 1));
        harness.endInput();

        List<Either<FeedEvent, BackfillRecord>> out = harness.extractOutputValues();
        BackfillRecord record = out.get(out.size() - 1).right();
        assertThat(record.trades()).isEqualTo(2);
        assertThat(record.reason()).isEqualTo("CORRUPT_FRAME");
        long aggTradesRequests = exchange.served("/api/v3/aggTrades").size();
        assertThat(aggTradesRequests).as("aggTrades requests the exchange saw").isEqualTo(3);
        assertThat(record.requests()).as("requests of the gap: every attempt, not only the page that succeeded")
                .isEqualTo(exchange.served().size());
    }
}
