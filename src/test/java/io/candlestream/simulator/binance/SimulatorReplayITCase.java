package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorReplayITCase {

    private static final Path CSV = Path.of("../shared/data/binance-xrpeth/XRPETH-aggTrades.csv");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private BinanceSimulator sim;
    private List<String[]> rows;

    @BeforeEach
    void readCsvIndependently() throws IOException {
        assumeTrue(Files.isReadable(CSV), "real data absent, replay not tested: " + CSV.toAbsolutePath());
        rows = new ArrayList<>();
        for (String line : Files.readAllLines(CSV)) {
            if (!line.startsWith("agg_trade_id")) {
                rows.add(line.split(","));
            }
        }
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
            assertThat(sim.stats().internalErrors()).isZero();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void restServesTheCsvRowsExactlyOnceTheirTimeHasCome() throws IOException {
        // 2.5 days of trades in about 2 s of wall time.
        sim = BinanceSimulator.builder().replay("XRPETH", CSV).speed(120_000).build();
        sim.start();
        assertThat(sim.clock().start()).isEqualTo(Instant.ofEpochMilli(Long.parseLong(rows.get(0)[5])));
        long lastTime = Long.parseLong(rows.get(rows.size() - 1)[5]);
        Polling.awaitTrue("the replay to reach its last trade", WAIT, () -> sim.clock().nowMillis() >= lastTime);
        List<JsonNode> served = new ArrayList<>();
        long fromId = Long.parseLong(rows.get(0)[0]);
        while (true) {
            JsonNode page = get("/api/v3/aggTrades?symbol=XRPETH&limit=1000&fromId=" + fromId);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(served::add);
            fromId = page.get(page.size() - 1).get("a").asLong() + 1;
        }
        assertThat(served).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            JsonNode trade = served.get(i);
            assertThat(new String[] {trade.get("a").asText(), trade.get("p").asText(), trade.get("q").asText(),
                    trade.get("f").asText(), trade.get("l").asText(), trade.get("T").asText(),
                    trade.get("m").asText(), trade.get("M").asText()}).as("row %d", i).containsExactly(row);
        }
        assertThat(sim.allTrades("XRPETH")).hasSize(rows.size());
    }

    @Test
    void webSocketReplaysTheFirstTradesInOrderAtTheirTime() {
        sim = BinanceSimulator.builder().replay("XRPETH", CSV).speed(100).build();
        WsRecorder recorder = new WsRecorder(sim.clock());
        sim.start();
        WebSocket socket = client.newWebSocket(
                new Request.Builder().url(sim.wsBaseUrl() + "/ws/xrpeth@aggTrade").build(), recorder);
        recorder.await(WsRecorder.Open.class, WAIT);
        JsonNode first = TradeJson.parse(recorder.nextMessage(WAIT).text());
        int index = rows.indexOf(rows.stream().filter(r -> r[0].equals(first.get("a").asText())).findFirst().orElseThrow());
        for (int i = index + 1; i < index + 20; i++) {
            WsRecorder.Message message = recorder.nextMessage(WAIT);
            JsonNode trade = TradeJson.parse(message.text());
            assertThat(trade.get("a").asText()).isEqualTo(rows.get(i)[0]);
            assertThat(trade.get("p").asText()).isEqualTo(rows.get(i)[1]);
            assertThat(message.simNowMillis()).isGreaterThanOrEqualTo(Long.parseLong(rows.get(i)[5]));
        }
        socket.cancel();
    }

    private JsonNode get(String pathAndQuery) throws IOException {
        try (Response response = client.newCall(
                new Request.Builder().url(sim.restBaseUrl() + pathAndQuery).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return TradeJson.parse(response.body().string());
        }
    }
}
