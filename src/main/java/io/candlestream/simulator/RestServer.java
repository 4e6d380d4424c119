package io.candlestream.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Binance REST endpoints ({@code /api/v3/aggTrades}, {@code /exchangeInfo}, {@code /time}, {@code /ping}) on a
 * random loopback port, with request-weight accounting, 429/418 answers and the REST faults.
 */
final class RestServer implements AutoCloseable {

    /** Request weights, from Binance's spot API documentation. */
    static final int WEIGHT_AGG_TRADES = 4;
    static final int WEIGHT_EXCHANGE_INFO = 20;
    static final int WEIGHT_TIME = 1;
    static final int WEIGHT_PING = 1;

    /** The header Binance uses to report the weight used in the current minute. */
    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private static final System.Logger LOG = System.getLogger(RestServer.class.getName());
    private static final int TOO_MUCH_WEIGHT = -1003;
    private static final int UNKNOWN_ERROR = -1000;
    private static final int INTERNAL_ERROR = -1001;

    private record Response(int status, String body, long retryAfterSeconds, Duration delay) {
        static Response ok(String body) {
            return new Response(200, body, 0, Duration.ZERO);
        }
    }

    private final SimClock clock;
    private final Map<String, TradeLog> logs;
    private final List<SymbolSpec> specs;
    private final RequestWeightLimiter limiter;
    private final RetryAfterEnforcer enforcer;
    private final RestFaultPlan faults;
    private final SimulatorStats stats;
    private final Duration weightWindow;
    private final ExecutorService handlers = Executors.newCachedThreadPool(new DaemonThreadFactory("sim-rest"));
    private final ScheduledExecutorService delayed =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-rest-delay"));
    private volatile HttpServer server;

    RestServer(SimClock clock, Map<String, TradeLog> logs, List<SymbolSpec> specs, RequestWeightLimiter limiter,
            RetryAfterEnforcer enforcer, RestFaultPlan faults, SimulatorStats stats, Duration weightWindow) {
        this.clock = clock;
        this.logs = logs;
        this.specs = specs;
        this.limiter = limiter;
        this.enforcer = enforcer;
        this.faults = faults;
        this.stats = stats;
        this.weightWindow = weightWindow;
    }

    void start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(handlers);
        http.start();
        server = http;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try {
            stats.restRequest();
            send(exchange, respond(exchange));
        } catch (RuntimeException e) {
            stats.internalError();
            LOG.log(System.Logger.Level.ERROR, "REST request " + exchange.getRequestURI() + " failed", e);
            send(exchange, new Response(500, BinanceWireFormat.restError(INTERNAL_ERROR,
                    "Internal error; unable to process your request. Please try again."), 0, Duration.ZERO));
        }
    }

    private Response respond(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        int weight = switch (path) {
            case "/api/v3/aggTrades" -> WEIGHT_AGG_TRADES;
            case "/api/v3/exchangeInfo" -> WEIGHT_EXCHANGE_INFO;
            case "/api/v3/time" -> WEIGHT_TIME;
            case "/api/v3/ping" -> WEIGHT_PING;
            default -> 0;
        };
        if (weight == 0) {
            return error(404, UNKNOWN_ERROR, "No endpoint at " + path + ".");
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            return error(405, UNKNOWN_ERROR, "Only GET is supported on " + path + ".");
        }
        if (enforcer.ignoresWait()) {
            stats.ban418();
            long wait = enforcer.secondsStillToWait();
            return new Response(418, BinanceWireFormat.restError(TOO_MUCH_WEIGHT, "Way too much request weight used; "
                    + "IP banned until " + (System.currentTimeMillis() + wait * 1000)
                    + ". Please use WebSocket Streams for live updates to avoid bans."), wait, Duration.ZERO);
        }
        RestFaultPlan.Injected injected = faults.nextInjected();
        if (injected != null && injected.status() == 429) {
            stats.injected429();
            enforcer.told(injected.retryAfterSeconds());
            return tooMuchWeight(injected.retryAfterSeconds());
        }
        if (injected != null) {
            stats.injected5xx();
            return error(injected.status(), INTERNAL_ERROR,
                    "Internal error; unable to process your request. Please try again.");
        }
        RequestWeightLimiter.Decision decision = limiter.acquire(weight);
        if (!decision.allowed()) {
            stats.weightLimit429();
            enforcer.told(decision.retryAfterSeconds());
            return tooMuchWeight(decision.retryAfterSeconds());
        }
        stats.weightUsed(weight);
        return switch (path) {
            case "/api/v3/aggTrades" -> aggTrades(exchange.getRequestURI().getRawQuery());
            case "/api/v3/exchangeInfo" -> Response.ok(BinanceWireFormat.exchangeInfo(
                    clock.nowMillis(), limiter.limit(), weightWindow, specs));
            case "/api/v3/time" -> Response.ok(BinanceWireFormat.serverTime(clock.nowMillis()));
            default -> Response.ok("{}");
        };
    }

    private Response aggTrades(String rawQuery) {
        AggTradesQuery query;
        try {
            query = AggTradesQuery.parse(rawQuery, logs.keySet());
        } catch (BinanceApiException e) {
            stats.restBadRequest();
            return error(e.httpStatus(), e.code(), e.getMessage());
        }
        List<SimTrade> page = query.select(logs.get(query.symbol()), clock.nowMillis());
        if (faults.takeSkipId(page.size())) {
            stats.skippedIdPage();
            page = new ArrayList<>(page);
            page.remove(page.size() / 2);
        }
        Duration delay = faults.nextPageDelay();
        if (!delay.isZero()) {
            stats.slowPage();
        }
        return new Response(200, BinanceWireFormat.restAggTrades(page), 0, delay);
    }

    private static Response tooMuchWeight(long retryAfterSeconds) {
        return new Response(429, BinanceWireFormat.restError(TOO_MUCH_WEIGHT, "Too much request weight used; "
                + "current limit is exceeded. Please use WebSocket Streams for live updates to avoid polling the API."),
                retryAfterSeconds, Duration.ZERO);
    }

    private static Response error(int status, int code, String msg) {
        return new Response(status, BinanceWireFormat.restError(code, msg), 0, Duration.ZERO);
    }

    private void send(HttpExchange exchange, Response response) {
        if (response.delay().isZero()) {
            write(exchange, response);
        } else {
            // A slow page must not hold a handler thread, so other requests are served meanwhile.
            delayed.schedule(() -> write(exchange, response), response.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void write(HttpExchange exchange, Response response) {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.getResponseHeaders().set(USED_WEIGHT_HEADER, Integer.toString(limiter.used()));
            if (response.retryAfterSeconds() > 0) {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(response.retryAfterSeconds()));
            }
            exchange.sendResponseHeaders(response.status(), body.length);
            out.write(body);
        } catch (IOException e) {
            // The client hung up before reading its answer; nothing left to tell it.
            LOG.log(System.Logger.Level.DEBUG, "REST response not delivered: {0}", e.getMessage());
        }
    }

    @Override
    public void close() {
        HttpServer http = server;
        if (http != null) {
            http.stop(0);
        }
        delayed.shutdownNow();
        handlers.shutdownNow();
    }
}
