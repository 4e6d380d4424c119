package io.candlestream.simulator.kraken;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.TradeLog;
import io.candlestream.simulator.http.HttpAnswer;
import io.candlestream.simulator.http.HttpEndpoint;
import io.candlestream.simulator.http.HttpFaultPlan;
import io.candlestream.simulator.http.HttpProtocol;
import io.candlestream.simulator.http.HttpRequest;
import io.candlestream.simulator.http.RetryAfterEnforcer;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kraken's public REST endpoints on the HTTP server: {@code /0/public/Trades} (time-paged by the nanosecond
 * {@code since}, exclusive, with {@code last}; the newest {@code count} trades without it), {@code /0/public/OHLC}
 * (1m, the last 720 candles including the open one, flat minutes at the previous close), {@code /0/public/AssetPairs}
 * and {@code /0/public/Time}. Errors come as Kraken writes them, inside the body: {@code EQuery:Unknown asset pair},
 * {@code EGeneral:Invalid arguments}, a rate limit ({@link KrakenCallCounter}) as {@code EGeneral:Too many requests}
 * in a 200 without {@code Retry-After}, and calls during that wait as {@code EGeneral:Temporary lockout}. A
 * {@code Trades} page may lose an id (the skip-id fault) or come slowly.
 */
final class KrakenRestProtocol implements HttpProtocol {

    /** Most trades one {@code Trades} answer holds, as Kraken's {@code count} maximum. */
    static final int MAX_COUNT = 1000;

    /** Candles {@code OHLC} returns, as Kraken. */
    static final int OHLC_CANDLES = 720;

    private final SimClock clock;
    private final Map<String, TradeLog<KrakenTrade>> logs;
    private final List<KrakenPair> pairs;
    private final KrakenCallCounter counter;
    private final RetryAfterEnforcer enforcer;
    private final SimulatorStats stats;
    private final Map<String, HttpEndpoint> endpoints;

    KrakenRestProtocol(SimClock clock, Map<String, TradeLog<KrakenTrade>> logs, List<KrakenPair> pairs,
            KrakenCallCounter counter, RetryAfterEnforcer enforcer, SimulatorStats stats) {
        this.clock = clock;
        this.logs = logs;
        this.pairs = pairs;
        this.counter = counter;
        this.enforcer = enforcer;
        this.stats = stats;
        this.endpoints = Map.of(
                "/0/public/Trades", HttpEndpoint.get(0, limited(this::trades)),
                "/0/public/OHLC", HttpEndpoint.get(0, limited(this::ohlc)),
                "/0/public/AssetPairs", HttpEndpoint.get(0, limited((request, faults) ->
                        HttpAnswer.ok(KrakenWireFormat.assetPairs(pairs)))),
                "/0/public/Time", HttpEndpoint.get(0, limited((request, faults) ->
                        HttpAnswer.ok(KrakenWireFormat.time(clock.nowMillis())))));
    }

    @Override
    public Optional<HttpEndpoint> endpoint(String path) {
        return Optional.ofNullable(endpoints.get(path));
    }

    private HttpEndpoint.Handler limited(HttpEndpoint.Handler handler) {
        return (request, faults) -> {
            if (!counter.tryCall()) {
                stats.weightLimit429();
                enforcer.told(Math.max(1, counter.secondsUntilAllowed()));
                return HttpAnswer.ok(KrakenWireFormat.error("EGeneral:Too many requests"));
            }
            stats.weightUsed(1);
            return handler.handle(request, faults);
        };
    }

    private HttpAnswer trades(HttpRequest request, HttpFaultPlan faults) {
        Map<String, String> query = query(request.rawQuery());
        Optional<KrakenPair> pair = pair(query.get("pair"));
        if (pair.isEmpty()) {
            stats.restBadRequest();
            return HttpAnswer.ok(KrakenWireFormat.error("EQuery:Unknown asset pair"));
        }
        int count;
        long since;
        try {
            count = query.containsKey("count") ? Integer.parseInt(query.get("count")) : MAX_COUNT;
            since = query.containsKey("since") ? Long.parseLong(query.get("since")) : -1;
        } catch (NumberFormatException e) {
            stats.restBadRequest();
            return HttpAnswer.ok(KrakenWireFormat.error("EGeneral:Invalid arguments"));
        }
        if (count < 1 || count > MAX_COUNT || (query.containsKey("since") && since < 0)) {
            stats.restBadRequest();
            return HttpAnswer.ok(KrakenWireFormat.error("EGeneral:Invalid arguments"));
        }
        TradeLog<KrakenTrade> log = logs.get(pair.get().v2());
        long now = clock.nowMillis();
        List<KrakenTrade> visible = log.visible(now);
        List<KrakenTrade> page;
        if (since < 0) {
            page = visible.subList(Math.max(0, visible.size() - count), visible.size());
        } else {
            int from = firstAfter(visible, since);
            page = visible.subList(from, Math.min(visible.size(), from + count));
        }
        long last = page.isEmpty() ? Math.max(since, 0) : page.get(page.size() - 1).nanos();
        if (faults.takeSkipId(page.size())) {
            stats.skippedIdPage();
            page = new ArrayList<>(page);
            page.remove(page.size() / 2);
        }
        return HttpAnswer.ok(KrakenWireFormat.trades(pair.get().key(), page, last)).delayedBy(faults.nextPageDelay());
    }

    /** The index of the first trade whose nanosecond time is after {@code since}. */
    private static int firstAfter(List<KrakenTrade> trades, long since) {
        int low = 0;
        int high = trades.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (trades.get(mid).nanos() <= since) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private HttpAnswer ohlc(HttpRequest request, HttpFaultPlan faults) {
        Map<String, String> query = query(request.rawQuery());
        Optional<KrakenPair> pair = pair(query.get("pair"));
        if (pair.isEmpty()) {
            stats.restBadRequest();
            return HttpAnswer.ok(KrakenWireFormat.error("EQuery:Unknown asset pair"));
        }
        if (!"1".equals(query.getOrDefault("interval", "1"))) {
            stats.restBadRequest();
            return HttpAnswer.ok(KrakenWireFormat.error("EGeneral:Invalid arguments:interval (the simulator serves 1)"));
        }
        long now = clock.nowMillis();
        long currentMinute = Math.floorDiv(now, 60_000L);
        long firstMinute = currentMinute - OHLC_CANDLES + 1;
        Map<Long, List<KrakenTrade>> byMinute = new HashMap<>();
        String previousClose = null;
        for (KrakenTrade trade : logs.get(pair.get().v2()).visible(now)) {
            long minute = Math.floorDiv(trade.time(), 60_000L);
            if (minute < firstMinute) {
                previousClose = trade.price();
            } else {
                byMinute.computeIfAbsent(minute, m -> new ArrayList<>()).add(trade);
            }
        }
        List<KrakenWireFormat.OhlcRow> rows = new ArrayList<>();
        for (long minute = firstMinute; minute <= currentMinute; minute++) {
            List<KrakenTrade> trades = byMinute.get(minute);
            if (trades == null) {
                if (previousClose != null) {
                    String p = KrakenWireFormat.number(previousClose);
                    rows.add(new KrakenWireFormat.OhlcRow(minute * 60, p, p, p, p, "0.0", "0.00000000", 0));
                }
                continue;
            }
            BigDecimal high = null;
            BigDecimal low = null;
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal quote = BigDecimal.ZERO;
            for (KrakenTrade t : trades) {
                BigDecimal price = new BigDecimal(t.price());
                BigDecimal qty = new BigDecimal(t.volume());
                high = high == null || price.compareTo(high) > 0 ? price : high;
                low = low == null || price.compareTo(low) < 0 ? price : low;
                volume = volume.add(qty);
                quote = quote.add(price.multiply(qty));
            }
            previousClose = trades.get(trades.size() - 1).price();
            rows.add(new KrakenWireFormat.OhlcRow(minute * 60, KrakenWireFormat.number(trades.get(0).price()),
                    high.stripTrailingZeros().toPlainString(), low.stripTrailingZeros().toPlainString(),
                    KrakenWireFormat.number(previousClose),
                    KrakenWireFormat.vwap(quote, volume, pair.get().priceDecimals()),
                    (volume.scale() <= 8 ? volume.setScale(8) : volume).toPlainString(), trades.size()));
        }
        long last = rows.size() < 2 ? currentMinute * 60 : rows.get(rows.size() - 2).openSeconds();
        return HttpAnswer.ok(KrakenWireFormat.ohlc(pair.get().key(), rows, last));
    }

    private Optional<KrakenPair> pair(String given) {
        if (given == null || given.isEmpty()) {
            return Optional.empty();
        }
        return pairs.stream().filter(p -> p.isNamed(given)).findFirst();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null) {
            return values;
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public String refusalBody(Refusal refusal, int status, String detail) {
        return switch (refusal) {
            case NOT_FOUND -> KrakenWireFormat.error("EGeneral:Unknown method");
            case METHOD_NOT_ALLOWED -> KrakenWireFormat.error("EGeneral:Invalid arguments");
            case BANNED -> KrakenWireFormat.error("EGeneral:Temporary lockout");
            case TOO_MANY_REQUESTS -> KrakenWireFormat.error("EGeneral:Too many requests");
            case SERVER_ERROR -> KrakenWireFormat.error("EService:Unavailable");
        };
    }

    /** Kraken answers rate limits and lockouts with a 200 and the error inside. */
    @Override
    public int tooManyRequestsStatus() {
        return 200;
    }

    @Override
    public int banStatus() {
        return 200;
    }

    @Override
    public boolean sendsRetryAfter() {
        return false;
    }
}
