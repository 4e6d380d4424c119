package io.candlestream.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.candles.Interval;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.history.HostPauses;
import io.candlestream.history.HttpHistoryClient;
import io.candlestream.history.HistoryRequest;
import io.candlestream.model.StreamId;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Binance's own candles, {@code GET /api/v3/klines} (weight 2, 1000 per page), through the project's history client
 * (retries of 5xx and timeouts with backoff, {@code Retry-After} on 429/418) and paced by the request weight the
 * exchange reports, within 90% of the {@code REQUEST_WEIGHT} limit that {@code exchangeInfo} states.
 */
public final class BinanceKlines implements ExchangeCandles {

    static final int KLINES_WEIGHT = 2;
    static final int EXCHANGE_INFO_WEIGHT = 20;
    static final int TIME_WEIGHT = 1;
    static final int MAX_PAGE = 1000;
    static final int DEFAULT_WEIGHT_LIMIT = 6000;
    static final double BUDGET = 0.9;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpUrl baseUrl;
    private final UsedWeightPacer pacer;
    private final HttpHistoryClient http;
    private boolean limitRead;

    /** @param restUrl the exchange's REST base URL ({@code --rest-url}) */
    public BinanceKlines(String restUrl) {
        HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(restUrl, "restUrl"));
        if (parsed == null) {
            throw new IllegalArgumentException("--rest-url must be an http(s) URL, got '" + restUrl + "'");
        }
        this.baseUrl = parsed;
        this.pacer = new UsedWeightPacer(60_000, DEFAULT_WEIGHT_LIMIT, BUDGET, System::currentTimeMillis);
        this.http = HttpHistoryClient.builder(HistorySettings.defaults(restUrl), HistoryListener.NOOP,
                        new HostPauses())
                .pacer(pacer).answers(KlineAnswers.INSTANCE).threadName("verify-klines").build();
    }

    /** Weight used in the current minute, as far as this client knows, and the limit. */
    public String weightUse() {
        return pacer.used() + "/" + pacer.limit();
    }

    @Override
    public long serverTime() {
        readLimit();
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v3/time").build();
        return http.send(HistoryRequest.get(url, body -> JSON.readTree(body).get("serverTime").asLong())
                .cost(TIME_WEIGHT).publicQuery().build()).join();
    }

    @Override
    public List<ExchangeCandle> candles(StreamId stream, Interval interval, long fromMillis, long toMillis,
            Progress progress) {
        readLimit();
        long size = interval.millis();
        long wanted = Math.max(0, (toMillis - fromMillis + size - 1) / size);
        List<ExchangeCandle> out = new ArrayList<>();
        long start = fromMillis;
        int requests = 0;
        while (start < toMillis) {
            HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v3/klines")
                    .addQueryParameter("symbol", stream.symbol())
                    .addQueryParameter("interval", interval.label())
                    .addQueryParameter("startTime", Long.toString(start))
                    .addQueryParameter("endTime", Long.toString(toMillis - 1))
                    .addQueryParameter("limit", Integer.toString(MAX_PAGE)).build();
            List<ExchangeCandle> page = http.send(HistoryRequest.get(url, BinanceKlines::parse).stream(stream)
                    .cost(KLINES_WEIGHT).publicQuery().build()).join();
            requests++;
            for (ExchangeCandle candle : page) {
                if (candle.bucketStart() >= fromMillis && candle.bucketStart() < toMillis) {
                    out.add(candle);
                }
            }
            progress.page(out.size(), wanted, requests);
            if (page.size() < MAX_PAGE) {
                break;
            }
            start = page.get(page.size() - 1).bucketStart() + size;
        }
        return out;
    }

    /** A klines body: arrays of open time, open, high, low, close, volume, close time, quote volume, trades, …. */
    static List<ExchangeCandle> parse(String body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isArray()) {
            throw new IOException("klines answer is not a JSON array");
        }
        List<ExchangeCandle> out = new ArrayList<>(root.size());
        for (JsonNode k : root) {
            if (!k.isArray() || k.size() < 9) {
                throw new IOException("kline is not an array of at least 9 fields: " + k);
            }
            out.add(new ExchangeCandle(k.get(0).asLong(), new BigDecimal(k.get(1).asText()),
                    new BigDecimal(k.get(2).asText()), new BigDecimal(k.get(3).asText()),
                    new BigDecimal(k.get(4).asText()), new BigDecimal(k.get(5).asText()),
                    new BigDecimal(k.get(7).asText()), k.get(8).asLong()));
        }
        return out;
    }

    /** The REQUEST_WEIGHT limit from exchangeInfo, once; the default when it states none. */
    private void readLimit() {
        if (limitRead) {
            return;
        }
        limitRead = true;
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v3/exchangeInfo").build();
        Integer limit = http.send(HistoryRequest.get(url, body -> {
            for (JsonNode rate : JSON.readTree(body).path("rateLimits")) {
                if ("REQUEST_WEIGHT".equals(rate.path("rateLimitType").asText())) {
                    return rate.path("limit").asInt(DEFAULT_WEIGHT_LIMIT);
                }
            }
            return DEFAULT_WEIGHT_LIMIT;
        }).cost(EXCHANGE_INFO_WEIGHT).publicQuery().build()).join();
        pacer.limit(limit);
    }

    @Override
    public void close() {
        http.close();
    }
}
