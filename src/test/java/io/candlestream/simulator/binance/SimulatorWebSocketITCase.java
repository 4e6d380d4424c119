package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.SimClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorWebSocketITCase {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static OkHttpClient client;

    private final List<WebSocket> sockets = new ArrayList<>();
    private BinanceSimulator sim;

    @BeforeAll
    static void createClient() {
        client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    }

    @AfterAll
    static void closeClient() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @AfterEach
    void closeSimulator() {
        sockets.forEach(WebSocket::cancel);
        if (sim != null) {
            sim.close();
            assertThat(sim.stats().internalErrors()).isZero();
        }
    }

    private BinanceSimulatorBuilder fast() {
        return BinanceSimulator.builder().seed(7).clock(SimClock.accelerated(START, 60)).tradesPerMinute(600)
                .quietStretchEvery(Duration.ZERO);
    }

    private WsRecorder connect(String path) {
        WsRecorder recorder = new WsRecorder(sim.clock());
        sockets.add(client.newWebSocket(new Request.Builder().url(sim.wsBaseUrl() + path).build(), recorder));
        recorder.await(WsRecorder.Open.class, WAIT);
        return recorder;
    }

    @Test
    void combinedStreamDeliversEveryTradeInIdOrderNeverBeforeItsTime() {
        sim = fast().symbols("XRPETH", "BTCUSDT").haltTradingAt(START.plus(Duration.ofMinutes(2))).build();
        sim.start();
        WsRecorder recorder = connect("/stream?streams=xrpeth@aggTrade/btcusdt@aggTrade");
        Map<String, List<AggTrade>> received = new HashMap<>();
        Map<String, Long> lastIds = Map.of(
                "XRPETH", last(sim.allTrades("XRPETH")).aggId(), "BTCUSDT", last(sim.allTrades("BTCUSDT")).aggId());
        while (!lastIds.entrySet().stream().allMatch(e -> received.containsKey(e.getKey())
                && last(received.get(e.getKey())).aggId() == e.getValue())) {
            WsRecorder.Message message = recorder.nextMessage(WAIT);
            JsonNode frame = TradeJson.parse(message.text());
            JsonNode data = frame.get("data");
            AggTrade trade = TradeJson.trade(data, null);
            assertThat(frame.get("stream").asText()).isEqualTo(trade.symbol().toLowerCase() + "@aggTrade");
            assertThat(data.get("e").asText()).isEqualTo("aggTrade");
            assertThat(data.get("E").asLong()).isGreaterThanOrEqualTo(trade.time());
            assertThat(message.simNowMillis()).as("simulated now when trade %d arrived", trade.aggId())
                    .isGreaterThanOrEqualTo(trade.time());
            received.computeIfAbsent(trade.symbol(), s -> new ArrayList<>()).add(trade);
        }
        for (String symbol : List.of("XRPETH", "BTCUSDT")) {
            List<AggTrade> all = sim.allTrades(symbol);
            List<AggTrade> got = received.get(symbol);
            int from = all.indexOf(got.get(0));
            assertThat(from).isNotNegative();
            assertThat(got).hasSizeGreaterThan(100).isEqualTo(all.subList(from, all.size()));
        }
    }

    @Test
    void manualTradesWaitForASubscriberThenTradeLiveAndOnRest() {
        sim = BinanceSimulator.builder().manualSymbols("TESTUSDT").build();
        sim.start();
        List<AggTrade> trades = List.of(
                new AggTrade("TESTUSDT", 1, "10.50", "0.001", 10, 11, 1_000, false),
                new AggTrade("TESTUSDT", 2, "10.25", "2.000", 12, 12, 1_000, true));
        sim.appendTrades("TESTUSDT", trades);
        assertThat(sim.publishedTrades("TESTUSDT")).as("nobody subscribed yet").isEmpty();
        WsRecorder recorder = connect("/ws/testusdt@aggTrade");
        assertThat(TradeJson.trade(TradeJson.parse(recorder.nextMessage(WAIT).text()), null)).isEqualTo(trades.get(0));
        assertThat(TradeJson.trade(TradeJson.parse(recorder.nextMessage(WAIT).text()), null)).isEqualTo(trades.get(1));
        assertThat(sim.publishedTrades("TESTUSDT")).isEqualTo(trades);
    }

    @Test
    void rawStreamSendsBarePayloads() {
        sim = fast().symbols("BTCUSDT").build();
        sim.start();
        WsRecorder recorder = connect("/ws/btcusdt@aggTrade");
        JsonNode payload = TradeJson.parse(recorder.nextMessage(WAIT).text());
        assertThat(payload.has("stream")).isFalse();
        assertThat(payload.get("e").asText()).isEqualTo("aggTrade");
        assertThat(payload.get("s").asText()).isEqualTo("BTCUSDT");
        assertThat(payload.get("p").asText()).matches("[0-9]+\\.[0-9]{8}");
        assertThat(sim.publishedTrades("BTCUSDT")).contains(TradeJson.trade(payload, null));
    }

    @Test
    void subscribeListAndUnsubscribeOnOneConnection() {
        sim = fast().symbols("BTCUSDT").build();
        sim.start();
        WsRecorder recorder = connect("/ws");
        sockets.get(0).send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\"],\"id\":1}");
        assertThat(reply(recorder, 1)).isEqualTo("{\"result\":null,\"id\":1}");
        recorder.awaitEvent(WsRecorder.Message.class, m -> m.text().contains("\"e\":\"aggTrade\""), WAIT);
        sockets.get(0).send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");
        assertThat(reply(recorder, 3)).isEqualTo("{\"result\":[\"btcusdt@aggTrade\"],\"id\":3}");
        sockets.get(0).send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\"],\"id\":4}");
        assertThat(reply(recorder, 4)).isEqualTo("{\"result\":null,\"id\":4}");
        sockets.get(0).send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":5}");
        assertThat(reply(recorder, 5)).isEqualTo("{\"result\":[],\"id\":5}");
    }

    @Test
    void badRequestsGetBinanceErrorObjects() {
        sim = fast().symbols("BTCUSDT").build();
        sim.start();
        WsRecorder recorder = connect("/ws");
        sockets.get(0).send("{\"method\":\"FROB\",\"id\":9}");
        JsonNode error = TradeJson.parse(reply(recorder, 9));
        assertThat(error.at("/error/code").asInt()).isEqualTo(2);
        assertThat(error.at("/error/msg").asText()).startsWith("Invalid request");
        sockets.get(0).send("{\"method\":\"SUBSCRIBE\",\"params\":[\"no stream\"],\"id\":10}");
        assertThat(TradeJson.parse(reply(recorder, 10)).at("/error/code").asInt()).isEqualTo(2);
        sockets.get(0).send("not json");
        WsRecorder.Message invalid = recorder.awaitEvent(WsRecorder.Message.class, m -> m.text().contains("error"), WAIT);
        assertThat(TradeJson.parse(invalid.text()).at("/error/code").asInt()).isEqualTo(3);
        assertThat(sim.stats().wsRequestErrors()).isEqualTo(3);
    }

    @Test
    void pingsAnsweredByOkHttpKeepTheConnectionOpen() {
        sim = fast().symbols("BTCUSDT").pingInterval(Duration.ofMillis(50)).pongTimeout(Duration.ofMillis(500)).build();
        sim.start();
        WsRecorder recorder = connect("/ws/btcusdt@aggTrade");
        Polling.awaitTrue("20 pongs", WAIT, () -> sim.stats().pongsReceived() >= 20);
        assertThat(sim.stats().pongTimeouts()).isZero();
        assertThat(sim.stats().connectionsOpen()).isEqualTo(1);
        recorder.nextMessage(WAIT); // still streaming
    }

    @Test
    void aClientThatNeverPongsIsDisconnected() throws IOException {
        sim = fast().symbols("BTCUSDT").pingInterval(Duration.ofMillis(50)).pongTimeout(Duration.ofMillis(200)).build();
        sim.start();
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(sim.wsBaseUrl().replaceAll(".*:", "")))) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertThat(head).contains("101 Switching Protocols").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            try {
                while (in.read() >= 0) {
                    // drain pings until the server gives up on us
                }
            } catch (IOException reset) {
                // an RST is how the server drops us
            }
        }
        assertThat(sim.stats().pongTimeouts()).isEqualTo(1);
        assertThat(sim.stats().pingsSent()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void connectionsAreClosedAtTheMaximumAge() {
        sim = fast().symbols("BTCUSDT").maxConnectionAge(Duration.ofMillis(300)).build();
        sim.start();
        WsRecorder recorder = connect("/ws/btcusdt@aggTrade");
        assertThat(recorder.await(WsRecorder.Closing.class, WAIT).code()).isEqualTo(1001);
        assertThat(sim.stats().ageLimitCloses()).isEqualTo(1);
    }

    private static String reply(WsRecorder recorder, int id) {
        return recorder.awaitEvent(WsRecorder.Message.class, m -> m.text().endsWith("\"id\":" + id + "}"), WAIT).text();
    }

    private static AggTrade last(List<AggTrade> trades) {
        return trades.get(trades.size() - 1);
    }
}
