package io.candlestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The backfill baseline: a plain sequential client paging Binance's {@code /api/v3/aggTrades} ({@code fromId},
 * {@code limit=1000}) one request at a time, parsing each page with Jackson and counting the trades. It does nothing
 * else: no candles, no database. It honours a 429's {@code Retry-After} (the benchmark sets no binding limit for it).
 */
final class SequentialPager {

    private static final int LIMIT = 1000;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String restBaseUrl;

    SequentialPager(String restBaseUrl) {
        this.restBaseUrl = restBaseUrl;
    }

    /** Figures of one paging run. */
    record Result(long trades, long requests, double seconds) {
        double tradesPerSecond() {
            return trades / seconds;
        }
    }

    /** Pages ids {@code [firstId, lastId]} of {@code symbol}. */
    Result page(String symbol, long firstId, long lastId) throws Exception {
        long start = System.nanoTime();
        long next = firstId;
        long trades = 0;
        long requests = 0;
        while (next <= lastId) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(restBaseUrl + "/api/v3/aggTrades?symbol=" + symbol
                    + "&fromId=" + next + "&limit=" + LIMIT)).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            requests++;
            if (response.statusCode() == 429) {
                long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(wait * 1000);
                continue;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("aggTrades answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            JsonNode page = json.readTree(response.body());
            if (page.isEmpty()) {
                throw new IllegalStateException("aggTrades fromId=" + next + " is empty before id " + lastId);
            }
            for (JsonNode trade : page) {
                long id = trade.get("a").asLong();
                if (id <= lastId) {
                    trades++;
                }
                next = id + 1;
            }
        }
        return new Result(trades, requests, (System.nanoTime() - start) / 1e9);
    }
}
