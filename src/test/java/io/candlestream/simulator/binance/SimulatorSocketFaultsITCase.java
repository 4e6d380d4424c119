package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.SocketFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorSocketFaultsITCase {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static OkHttpClient client;

    private BinanceSimulator sim;
    private WebSocket socket;
    private WsRecorder recorder;

    @BeforeAll
    static void createClient() {
        client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    }

    @AfterAll
    static void closeClient() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @BeforeEach
    void startSimulatorAndConnect() {
        sim = BinanceSimulator.builder().symbols("BTCUSDT").seed(3).clock(SimClock.accelerated(START, 60))
                .tradesPerMinute(600).quietStretchEvery(Duration.ZERO).build();
        sim.start();
        recorder = new WsRecorder(sim.clock());
        socket = client.newWebSocket(
                new Request.Builder().url(sim.wsBaseUrl() + "/stream?streams=btcusdt@aggTrade").build(), recorder);
        recorder.await(WsRecorder.Open.class, WAIT);
        recorder.nextMessage(WAIT);
    }

    @AfterEach
    void closeSimulator() {
        socket.cancel();
        sim.close();
        assertThat(sim.stats().internalErrors()).isZero();
    }

    @Test
    void abruptCloseSurfacesAsAFailureWithoutCloseFrame() {
        sim.faults().closeAbruptly();
        WsRecorder.Event end = recorder.awaitEvent(WsRecorder.Event.class,
                e -> e instanceof WsRecorder.Failure || e instanceof WsRecorder.Closing, WAIT);
        assertThat(end).isInstanceOf(WsRecorder.Failure.class);
        assertThat(sim.stats().socketFaults(SocketFault.ABRUPT_CLOSE)).isEqualTo(1);
        Polling.awaitTrue("connection gone", WAIT, () -> sim.stats().connectionsOpen() == 0);
    }

    @Test
    void closeFrameArrivesAsGoingAway() {
        sim.faults().closeGoingAway();
        WsRecorder.Closing closing = recorder.await(WsRecorder.Closing.class, WAIT);
        assertThat(closing.code()).isEqualTo(1001);
        assertThat(sim.stats().socketFaults(SocketFault.CLOSE_FRAME)).isEqualTo(1);
    }

    @Test
    void silenceLosesTradesSoIdsJumpWhenFramesResume() {
        long before = tradeId(recorder.nextMessage(WAIT));
        sim.faults().silence(Duration.ofMillis(500));
        long previous = before;
        long largestStep = 0;
        // Frames already queued may still arrive; then the silence leaves a hole in the ids.
        while (largestStep <= 1) {
            long id = tradeId(recorder.nextMessage(WAIT));
            largestStep = Math.max(largestStep, id - previous);
            previous = id;
        }
        assertThat(largestStep).isGreaterThan(1);
        assertThat(sim.stats().socketFaults(SocketFault.SILENCE)).isEqualTo(1);
        assertThat(sim.stats().connectionsOpen()).isEqualTo(1);
    }

    @Test
    void corruptedFrameIsUnparseableAndItsTradeIsNotDelivered() {
        // A frame received before arming the fault was published before it, so it precedes the corrupted one.
        String received = recorder.nextMessage(WAIT).text();
        sim.faults().corruptNextFrames(1);
        List<String> texts = new ArrayList<>(List.of(received));
        texts.addAll(collectUntil(t -> TradeJson.tryParse(t).isEmpty(), 3));
        String corrupt = texts.stream().filter(t -> TradeJson.tryParse(t).isEmpty()).findFirst().orElseThrow();
        int at = texts.indexOf(corrupt);
        long before = tradeId(texts.get(at - 1));
        long after = tradeId(texts.get(at + 1));
        assertThat(after).isEqualTo(before + 2);
        assertThat(sim.stats().socketFaults(SocketFault.CORRUPT_FRAME)).isEqualTo(1);
    }

    @Test
    void duplicatedFrameArrivesTwice() {
        sim.faults().duplicateNextFrames(1);
        List<Long> ids = new ArrayList<>();
        while (ids.stream().distinct().count() == ids.size()) {
            ids.add(tradeId(recorder.nextMessage(WAIT)));
        }
        ids.add(tradeId(recorder.nextMessage(WAIT)));
        int last = ids.size() - 1;
        // ..., n, n, n+1: the duplicate arrived right after the original and the stream went on.
        assertThat(ids.get(last - 1)).isEqualTo(ids.get(last - 2));
        assertThat(ids.get(last)).isEqualTo(ids.get(last - 1) + 1);
        assertThat(sim.stats().socketFaults(SocketFault.DUPLICATE_FRAME)).isEqualTo(1);
    }

    @Test
    void periodicFaultsHitEveryNthFrameInRoundRobin() {
        sim.faults().every(10, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME);
        int corrupt = 0;
        int duplicates = 0;
        long previous = -1;
        while (corrupt < 3 || duplicates < 3) {
            String text = recorder.nextMessage(WAIT).text();
            Optional<JsonNode> json = TradeJson.tryParse(text);
            if (json.isEmpty()) {
                corrupt++;
                continue;
            }
            long id = json.get().at("/data/a").asLong();
            if (id == previous) {
                duplicates++;
            }
            previous = id;
        }
        sim.faults().stopPeriodic();
        assertThat(sim.stats().socketFaults(SocketFault.CORRUPT_FRAME)).isGreaterThanOrEqualTo(3);
        assertThat(sim.stats().socketFaults(SocketFault.DUPLICATE_FRAME)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void binaryFrameIsNoTextMessageSoItsTradeIsMissingFromTheTextStream() {
        long previous = tradeId(recorder.nextMessage(WAIT));
        sim.faults().binaryNextFrames(1);
        long largestStep = 0;
        while (sim.stats().socketFaults(SocketFault.BINARY_FRAME) == 0 || largestStep < 2) {
            long id = tradeId(recorder.nextMessage(WAIT));
            largestStep = Math.max(largestStep, id - previous);
            previous = id;
        }
        assertThat(largestStep).as("exactly one trade went out as binary").isEqualTo(2);
        assertThat(sim.stats().connectionsOpen()).isEqualTo(1);
    }

    @Test
    void burstSendsOneTradeManyTimesInARowAndTheStreamGoesOn() {
        sim.faults().burstNextFrame(50);
        long previous = tradeId(recorder.nextMessage(WAIT));
        int run = 1;
        while (run < 50) {
            long id = tradeId(recorder.nextMessage(WAIT));
            run = id == previous ? run + 1 : 1;
            previous = id;
        }
        assertThat(tradeId(recorder.nextMessage(WAIT))).isEqualTo(previous + 1);
        assertThat(sim.stats().socketFaults(SocketFault.BURST)).isEqualTo(1);
    }

    @Test
    void frameStalledMidwayArrivesWholeAndTradesPublishedDuringTheStallAreLost() {
        sim.faults().silenceDuration(Duration.ofMillis(500)).stallNextFramesMidway(1);
        long previous = tradeId(recorder.nextMessage(WAIT));
        long largestStep = 0;
        while (largestStep <= 1) {
            String text = recorder.nextMessage(WAIT).text();
            assertThat(TradeJson.tryParse(text)).as("every frame arrives whole: %s", text).isPresent();
            long id = tradeId(text);
            largestStep = Math.max(largestStep, id - previous);
            previous = id;
        }
        assertThat(largestStep).isGreaterThan(1);
        assertThat(sim.stats().socketFaults(SocketFault.STALL_MID_FRAME)).isEqualTo(1);
        assertThat(sim.stats().connectionsOpen()).isEqualTo(1);
    }

    private List<String> collectUntil(java.util.function.Predicate<String> marker, int afterMarker) {
        List<String> texts = new ArrayList<>();
        int remaining = -1;
        while (remaining != 0) {
            String text = recorder.nextMessage(WAIT).text();
            texts.add(text);
            if (remaining > 0) {
                remaining--;
            } else if (marker.test(text)) {
                remaining = afterMarker;
            }
        }
        return texts;
    }

    private static long tradeId(WsRecorder.Message message) {
        return tradeId(message.text());
    }

    private static long tradeId(String text) {
        return TradeJson.parse(text).at("/data/a").asLong();
    }
}
