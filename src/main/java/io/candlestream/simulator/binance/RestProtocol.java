package io.candlestream.simulator.binance;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.SymbolSpec;
import io.candlestream.simulator.TradeLog;
import io.candlestream.simulator.http.HttpAnswer;
import io.candlestream.simulator.http.HttpEndpoint;
import io.candlestream.simulator.http.HttpFaultPlan;
import io.candlestream.simulator.http.HttpProtocol;
import io.candlestream.simulator.http.HttpRequest;
import io.candlestream.simulator.http.RequestWeightLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binance's REST endpoints on the HTTP server ({@code /api/v3/aggTrades}, {@code /klines} (computed from the
 * simulator's own log, see {@link Klines}), {@code /ticker/24hr} (likewise, see {@link Tickers}; its weight depends on
 * the symbols asked, {@link TickerQuery}), {@code /exchangeInfo}, {@code /time}, {@code /ping}, all GET) with their request weights, Binance's error bodies and the {@code X-MBX-USED-WEIGHT-1M}
 * header; an aggTrades page may lose an id (the skip-id fault) or come slowly.
 */
final class RestProtocol implements HttpProtocol {

    /** Request weights, from Binance's spot API documentation. */
    static final int WEIGHT_AGG_TRADES = 4;
    static final int WEIGHT_EXCHANGE_INFO = 20;
    static final int WEIGHT_TIME = 1;
    static final int WEIGHT_PING = 1;
    static final int WEIGHT_KLINES = 2;

    /** The header Binance uses to report the weight used in the current minute. */
    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private static final int TOO_MUCH_WEIGHT = -1003;
    private static final int UNKNOWN_ERROR = -1000;
    private static final int INTERNAL_ERROR = -1001;

    private final SimClock clock;
    private final Map<String, TradeLog<AggTrade>> logs;
    private final List<SymbolSpec> specs;
    private final RequestWeightLimiter limiter;
    private final SimulatorStats stats;
    private final Duration weightWindow;
    private final Map<String, HttpEndpoint> endpoints;
    private final Tickers tickers;

    RestProtocol(SimClock clock, Map<String, TradeLog<AggTrade>> logs, List<SymbolSpec> specs,
            RequestWeightLimiter limiter, SimulatorStats stats, Duration weightWindow) {
        this.clock = clock;
        this.logs = logs;
        this.specs = specs;
        this.limiter = limiter;
        this.stats = stats;
        this.weightWindow = weightWindow;
        this.tickers = new Tickers(logs);
        this.endpoints = Map.of(
                "/api/v3/ticker/24hr", HttpEndpoint.get(TickerQuery.WEIGHT_FEW,
                        request -> TickerQuery.weight(request.rawQuery()), this::ticker24h),
                "/api/v3/aggTrades", HttpEndpoint.get(WEIGHT_AGG_TRADES, this::aggTrades),
                "/api/v3/klines", HttpEndpoint.get(WEIGHT_KLINES, this::klines),
                "/api/v3/exchangeInfo", HttpEndpoint.get(WEIGHT_EXCHANGE_INFO, (request, faults) -> HttpAnswer.ok(
                        BinanceWireFormat.exchangeInfo(clock.nowMillis(), limiter.limit(), weightWindow, specs))),
                "/api/v3/time", HttpEndpoint.get(WEIGHT_TIME,
                        (request, faults) -> HttpAnswer.ok(BinanceWireFormat.serverTime(clock.nowMillis()))),
                "/api/v3/ping", HttpEndpoint.get(WEIGHT_PING, (request, faults) -> HttpAnswer.ok("{}")));
    }

    @Override
    public Optional<HttpEndpoint> endpoint(String path) {
        return Optional.ofNullable(endpoints.get(path));
    }

    private HttpAnswer aggTrades(HttpRequest request, HttpFaultPlan faults) {
        AggTradesQuery query;
        try {
            query = AggTradesQuery.parse(request.rawQuery(), logs.keySet());
        } catch (BinanceApiException e) {
            stats.restBadRequest();
            return HttpAnswer.status(e.httpStatus(), BinanceWireFormat.restError(e.code(), e.getMessage()));
        }
        List<AggTrade> page = query.select(logs.get(query.symbol()), clock.nowMillis());
        if (faults.takeSkipId(page.size())) {
            stats.skippedIdPage();
            page = new ArrayList<>(page);
            page.remove(page.size() / 2);
        }
        return HttpAnswer.ok(BinanceWireFormat.restAggTrades(page)).delayedBy(faults.nextPageDelay());
    }

    private HttpAnswer ticker24h(HttpRequest request, HttpFaultPlan faults) {
        TickerQuery query;
        try {
            query = TickerQuery.parse(request.rawQuery(), logs.keySet());
        } catch (BinanceApiException e) {
            stats.restBadRequest();
            return HttpAnswer.status(e.httpStatus(), BinanceWireFormat.restError(e.code(), e.getMessage()));
        }
        return HttpAnswer.ok(tickers.answer(query, clock.nowMillis()));
    }

    private HttpAnswer klines(HttpRequest request, HttpFaultPlan faults) {
        KlinesQuery query;
        try {
            query = KlinesQuery.parse(request.rawQuery(), logs.keySet());
        } catch (BinanceApiException e) {
            stats.restBadRequest();
            return HttpAnswer.status(e.httpStatus(), BinanceWireFormat.restError(e.code(), e.getMessage()));
        }
        long now = clock.nowMillis();
        return HttpAnswer.ok(Klines.wire(Klines.select(logs.get(query.symbol()).visible(now), query,
                now)));
    }

    @Override
    public String refusalBody(Refusal refusal, int status, String detail) {
        return switch (refusal) {
            case NOT_FOUND -> BinanceWireFormat.restError(UNKNOWN_ERROR, "No endpoint at " + detail + ".");
            case METHOD_NOT_ALLOWED -> BinanceWireFormat.restError(UNKNOWN_ERROR, "Only GET is supported on " + detail + ".");
            case BANNED -> BinanceWireFormat.restError(TOO_MUCH_WEIGHT, "Way too much request weight used; "
                    + "IP banned until " + detail + ". Please use WebSocket Streams for live updates to avoid bans.");
            case TOO_MANY_REQUESTS -> BinanceWireFormat.restError(TOO_MUCH_WEIGHT, "Too much request weight used; "
                    + "current limit is exceeded. Please use WebSocket Streams for live updates to avoid polling the API.");
            case SERVER_ERROR -> BinanceWireFormat.restError(INTERNAL_ERROR,
                    "Internal error; unable to process your request. Please try again.");
        };
    }

    @Override
    public Map<String, String> headers(int usedWeight) {
        return Map.of(USED_WEIGHT_HEADER, Integer.toString(usedWeight));
    }
}
