package io.candlestream.simulator.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.SimClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kraken simulator on real sockets: WebSocket v2 acks, refusals naming the pair, heartbeats, ping/pong and trade
 * updates with exact numbers and microsecond timestamps; REST {@code Trades} paged by an exclusive nanosecond
 * {@code since} with {@code last}, {@code OHLC}, {@code AssetPairs}, {@code Time}, and Kraken's errors inside a 200
 * (unknown pair, rate limit without {@code Retry-After}, lockout when called during the wait).
 */
class KrakenSimulatorITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final OkHttpClient ws = new OkHttpClient();
    private KrakenSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        ws.dispatcher().executorService().shutdown();
    }

    private KrakenSimulator started(KrakenSimulatorBuilder builder) {
        sim = builder.build();
        sim.start();
        return sim;
    }

    /** Frames a client received, taken with a deadline. */
    private static final class Frames extends WebSocketListener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            texts.add(text);
        }

        JsonNode next(String what, java.util.function.Predicate<JsonNode> wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String text = texts.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (text != null && wanted.test(JSON.readTree(text))) {
                    return JSON.readTree(text);
                }
            }
            throw new AssertionError("no " + what + " within 10 s");
        }
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + pathAndQuery))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        return JSON.readTree(response.body());
    }

    @Test
    void acknowledgesEachPairRefusesAnUnknownOneByNameAndAnswersPingsAndHeartbeats() throws Exception {
        started(KrakenSimulator.builder().symbols("BTC/USD").clock(SimClock.accelerated(START, 60))
                .tradesPerMinute(600).heartbeatInterval(Duration.ofMillis(200)));
        Frames frames = new Frames();
        WebSocket socket = ws.newWebSocket(new Request.Builder().url(sim.wsBaseUrl()).build(), frames);

        socket.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\",\"ALT/USD\"],"
                + "\"snapshot\":false},\"req_id\":7}");
        JsonNode refusal = frames.next("a refusal", f -> f.path("success").isBoolean() && !f.path("success").asBoolean());
        JsonNode ack = frames.next("an ack", f -> f.path("success").asBoolean(false));
        JsonNode trade = frames.next("a trade update", f -> f.path("channel").asText().equals("trade"));
        frames.next("a heartbeat", f -> f.path("channel").asText().equals("heartbeat"));
        socket.send("{\"method\":\"ping\",\"req_id\":9}");
        JsonNode pong = frames.next("a pong", f -> f.path("method").asText().equals("pong"));
        socket.close(1000, "done");

        assertThat(refusal.path("error").asText()).isEqualTo("Currency pair not supported ALT/USD");
        assertThat(refusal.path("symbol").asText()).isEqualTo("ALT/USD");
        assertThat(refusal.path("req_id").asLong()).isEqualTo(7);
        assertThat(ack.path("result").path("symbol").asText()).isEqualTo("BTC/USD");
        assertThat(trade.path("type").asText()).isEqualTo("update");
        JsonNode data = trade.path("data").get(0);
        assertThat(data.path("price").isNumber()).isTrue();
        assertThat(data.path("trade_id").isIntegralNumber()).isTrue();
        assertThat(data.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(pong.path("req_id").asLong()).isEqualTo(9);
    }

    @Test
    void pagesTradesByAnExclusiveNanosecondSinceAndSaysWhereTheNextPageStarts() throws Exception {
        started(KrakenSimulator.builder().symbols("BTC/USD").clock(SimClock.startingAt(START.plusSeconds(3600)))
                .historyStart(START).tradesPerMinute(60));
        List<KrakenTrade> log = sim.publishedTrades("BTC/USD");
        KrakenTrade tenth = log.get(9);

        JsonNode page = get("/0/public/Trades?pair=XBTUSD&since=" + tenth.nanos() + "&count=5");
        JsonNode newest = get("/0/public/Trades?pair=XXBTZUSD&count=2");

        JsonNode rows = page.path("result").path("XXBTZUSD");
        assertThat(page.path("error")).isEmpty();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).get(6).asLong()).isEqualTo(log.get(10).tradeId());
        assertThat(page.path("result").path("last").asText()).isEqualTo(Long.toString(log.get(14).nanos()));
        // the clock runs in real time, so a trade may have been published since the log was read
        assertThat(newest.path("result").path("XXBTZUSD").get(1).get(6).asLong())
                .isGreaterThanOrEqualTo(log.get(log.size() - 1).tradeId());
    }

    @Test
    void servesOhlcAssetPairsAndTimeAsKrakenShapesThem() throws Exception {
        started(KrakenSimulator.builder().symbols("BTC/USDT").clock(SimClock.startingAt(START.plusSeconds(86_400)))
                .historyStart(START).tradesPerMinute(2));

        JsonNode ohlc = get("/0/public/OHLC?pair=XBTUSDT&interval=1");
        JsonNode pairs = get("/0/public/AssetPairs");
        JsonNode time = get("/0/public/Time");

        JsonNode rows = ohlc.path("result").path("XBTUSDT");
        assertThat(rows.size()).isEqualTo(720);
        long traded = 0;
        for (JsonNode row : rows) {
            traded += row.get(7).asLong();
            if (row.get(7).asLong() == 0) {
                assertThat(row.get(6).asText()).isEqualTo("0.00000000");
            }
        }
        long firstMinute = rows.get(0).get(0).asLong() * 1000;
        long expected = sim.publishedTrades("BTC/USDT").stream().filter(t -> t.time() >= firstMinute).count();
        assertThat(traded).isEqualTo(expected);
        assertThat(pairs.path("result").path("XBTUSDT").path("wsname").asText()).isEqualTo("XBT/USDT");
        assertThat(time.path("result").path("unixtime").asLong()).isBetween(START.getEpochSecond() + 86_400,
                START.getEpochSecond() + 86_500);
    }

    @Test
    void answersErrorsInsideA200AndLocksOutACallerThatIgnoresTheRateLimit() throws Exception {
        started(KrakenSimulator.builder().symbols("BTC/USD").callCounter(3, 0.5).retryAfterGrace(Duration.ZERO));

        JsonNode unknown = get("/0/public/Trades?pair=NOPE");
        get("/0/public/Time");
        get("/0/public/Time");
        JsonNode limited = get("/0/public/Time");
        JsonNode lockedOut = get("/0/public/Time");

        assertThat(unknown.path("error").get(0).asText()).isEqualTo("EQuery:Unknown asset pair");
        assertThat(limited.path("error").get(0).asText()).isEqualTo("EGeneral:Too many requests");
        assertThat(lockedOut.path("error").get(0).asText()).isEqualTo("EGeneral:Temporary lockout");
        assertThat(sim.stats().bans418()).isEqualTo(1);
    }
}
