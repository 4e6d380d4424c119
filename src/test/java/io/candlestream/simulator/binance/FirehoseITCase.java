package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.binance.BinanceFrameDecoder;
import io.candlestream.model.Trade;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The firehose mode: trades as fast as the connection drains them, in the normal wire format, served by REST too. */
class FirehoseITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private BinanceSimulator sim;
    private OkHttpClient client;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
        if (client != null) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Test
    void firehoseFramesDecodeWithContiguousIdsPerSymbolAndHistoryServesTheSameTrades() throws Exception {
        sim = BinanceSimulator.builder().symbols("BTCUSDT", "ETHUSDT").seed(3).firehose(true).build();
        sim.start();
        Map<String, Long> prologue = new HashMap<>();
        for (String symbol : sim.symbols()) {
            List<AggTrade> history = sim.publishedTrades(symbol);
            assertThat(history).as("history of %s before anyone subscribed", symbol).hasSize(1);
            prologue.put(symbol, history.get(0).aggId());
        }
        client = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = client.newWebSocket(new Request.Builder()
                .url(sim.wsBaseUrl() + "/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade").build(),
                new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                        frames.add(text);
                    }
                });
        int wanted = 20_000;
        BinanceFrameDecoder decoder = new BinanceFrameDecoder();
        Map<String, List<Trade>> live = new HashMap<>();
        for (int i = 0; i < wanted; i++) {
            String frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(frame).as("frame %d of %d within %s", i, wanted, WAIT).isNotNull();
            List<Trade> decoded = decoder.decode(frame);
            assertThat(decoded).hasSize(1);
            Trade trade = decoded.get(0);
            live.computeIfAbsent(trade.stream().symbol(), s -> new ArrayList<>()).add(trade);
        }
        socket.close(1000, null);

        assertThat(live.keySet()).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT");
        for (Map.Entry<String, List<Trade>> entry : live.entrySet()) {
            String symbol = entry.getKey();
            List<Trade> trades = entry.getValue();
            // Round robin over two symbols: each has half the frames, give or take the one in flight.
            assertThat(trades.size()).as("frames of %s", symbol).isBetween(wanted / 2 - 1, wanted / 2 + 1);
            long expectedId = prologue.get(symbol) + 1;
            long previousTime = Long.MIN_VALUE;
            for (Trade trade : trades) {
                assertThat(trade.cursor().height()).as("id of the next %s frame", symbol).isEqualTo(expectedId);
                assertThat(trade.time()).as("time of %s trade %d", symbol, expectedId)
                        .isGreaterThanOrEqualTo(previousTime);
                previousTime = trade.time();
                expectedId++;
            }
            // The same trades, field for field, on the history endpoint.
            long from = trades.get(0).cursor().height();
            List<AggTrade> rest = restAggTrades(symbol, from, 1000);
            assertThat(rest).hasSize(1000);
            for (int i = 0; i < rest.size(); i++) {
                AggTrade served = rest.get(i);
                Trade streamed = trades.get(i);
                assertThat(served.aggId()).isEqualTo(streamed.cursor().height());
                assertThat(served.time()).isEqualTo(streamed.time());
                assertThat(new java.math.BigDecimal(served.price())).isEqualByComparingTo(streamed.price());
                assertThat(new java.math.BigDecimal(served.quantity())).isEqualByComparingTo(streamed.quantity());
                assertThat(served.lastId() - served.firstId() + 1).isEqualTo(streamed.rawTrades());
            }
        }
    }

    @Test
    void aReaderThatStopsReadingHoldsTheFirehoseBackInsteadOfBeingDropped() throws Exception {
        sim = BinanceSimulator.builder().symbols("BTCUSDT").seed(5).firehose(true).build();
        sim.start();
        URI ws = URI.create(sim.wsBaseUrl());
        try (Socket socket = new Socket(ws.getHost(), ws.getPort())) {
            socket.setReceiveBufferSize(64 * 1024);
            DataInputStream in = handshake(socket, "/ws/btcusdt@aggTrade");
            // Not reading: the socket buffers fill, then the send queue, then the firehose waits.
            long stalled = awaitStable(() -> sim.stats().tradesPublished());
            assertThat(stalled).as("trades drawn while the reader does not read").isPositive()
                    .isLessThan(100_000);
            assertThat(sim.stats().connectionsOpen()).as("the slow reader is not dropped").isEqualTo(1);
            assertThat(sim.publishedTrades("BTCUSDT")).hasSize((int) stalled + 1);

            // Reading again: the firehose goes on where it stopped, the ids contiguous.
            long expectedId = sim.publishedTrades("BTCUSDT").get(0).aggId() + 1;
            BinanceFrameDecoder decoder = new BinanceFrameDecoder();
            long read = 0;
            while (read < stalled + 10_000) {
                String frame = readTextFrame(in);
                if (frame == null) {
                    continue; // a ping
                }
                List<Trade> trades = decoder.decode(frame);
                assertThat(trades).hasSize(1);
                assertThat(trades.get(0).cursor().height()).isEqualTo(expectedId++);
                read++;
            }
            assertThat(sim.stats().tradesPublished()).isGreaterThan(stalled);
        }
    }

    @Test
    void theFirehoseRefusesReplaysManualSymbolsAndAHalt() {
        assertThatThrownBy(() -> BinanceSimulator.builder().symbols("BTCUSDT").manualSymbols("ETHUSDT")
                .firehose(true).build()).hasMessageStartingWith("firehose:");
        assertThatThrownBy(() -> BinanceSimulator.builder().symbols("BTCUSDT")
                .haltTradingAt(Instant.parse("2024-01-01T00:00:00Z")).firehose(true).build())
                .hasMessageStartingWith("firehose:");
    }

    private List<AggTrade> restAggTrades(String symbol, long fromId, int limit) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(sim.restBaseUrl()
                + "/api/v3/aggTrades?symbol=" + symbol + "&fromId=" + fromId + "&limit=" + limit).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            List<AggTrade> trades = new ArrayList<>();
            TradeJson.parse(response.body().string()).forEach(node -> trades.add(TradeJson.trade(node, symbol)));
            return trades;
        }
    }

    // Waits until the value has not changed for a second, and returns it.
    private static long awaitStable(java.util.function.LongSupplier value) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long last = value.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(1)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still growing after " + WAIT + ": " + value.getAsLong());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }

    private static DataInputStream handshake(Socket socket, String path) throws IOException {
        String key = Base64.getEncoder().encodeToString("firehose-test-ke".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return in;
    }

    // One unmasked server frame: the text of a text frame, null for a control frame.
    private static String readTextFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        assertThat(first & 0x80).as("FIN").isNotZero();
        return (first & 0x0F) == 1 ? new String(payload, StandardCharsets.UTF_8) : null;
    }
}
