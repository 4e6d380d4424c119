package io.candlestream.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.candlestream.simulator.DaemonThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on a random loopback port that knows no feed: it routes each request to its protocol's endpoint and
 * applies the generic rules and faults around it, in this order: 404/405, a ban for calling while told to wait, an
 * injected 429 ({@code Retry-After}) or 5xx, the request-weight limit (429), then the endpoint, whose answer may be
 * held back as a slow page.
 */
public final class SimHttpServer implements AutoCloseable {

    /** Request bodies are small JSON documents; anything larger is refused. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(SimHttpServer.class.getName());

    private final HttpProtocol protocol;
    private final RequestWeightLimiter limiter;
    private final RetryAfterEnforcer enforcer;
    private final HttpFaultPlan faults;
    private final HttpStats stats;
    private final ExecutorService handlers = Executors.newCachedThreadPool(new DaemonThreadFactory("sim-rest"));
    private final ScheduledExecutorService delayed =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-rest-delay"));
    private volatile HttpServer server;

    public SimHttpServer(HttpProtocol protocol, RequestWeightLimiter limiter, RetryAfterEnforcer enforcer,
            HttpFaultPlan faults, HttpStats stats) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.enforcer = Objects.requireNonNull(enforcer, "enforcer");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Binds to a random port on the loopback address and starts serving. */
    public void start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(handlers);
        http.start();
        server = http;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try {
            stats.restRequest();
            send(exchange, respond(exchange));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "request body not received: {0}", e.getMessage());
            exchange.close();
        } catch (RuntimeException e) {
            stats.internalError();
            LOG.log(System.Logger.Level.ERROR, "request " + exchange.getRequestURI() + " failed", e);
            send(exchange, refusal(HttpProtocol.Refusal.SERVER_ERROR, 500, ""));
        }
    }

    private HttpAnswer respond(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Optional<HttpEndpoint> found = protocol.endpoint(path);
        if (found.isEmpty()) {
            return refusal(HttpProtocol.Refusal.NOT_FOUND, 404, path);
        }
        HttpEndpoint endpoint = found.get();
        String method = exchange.getRequestMethod();
        if (!endpoint.methods().contains(method)) {
            return refusal(HttpProtocol.Refusal.METHOD_NOT_ALLOWED, 405, path);
        }
        if (enforcer.ignoresWait()) {
            stats.ban418();
            long wait = enforcer.secondsStillToWait();
            HttpAnswer ban = refusal(HttpProtocol.Refusal.BANNED, protocol.banStatus(),
                    Long.toString(System.currentTimeMillis() + wait * 1000));
            return new HttpAnswer(ban.status(), ban.body(), protocol.sendsRetryAfter() ? wait : 0, ban.delay());
        }
        HttpFaultPlan.Injected injected = faults.nextInjected();
        if (injected != null && injected.status() == 429) {
            stats.injected429();
            enforcer.told(injected.retryAfterSeconds());
            return tooManyRequests(injected.retryAfterSeconds());
        }
        if (injected != null) {
            stats.injected5xx();
            return refusal(HttpProtocol.Refusal.SERVER_ERROR, injected.status(), "");
        }
        HttpRequest request = new HttpRequest(method, path, exchange.getRequestURI().getRawQuery(), body(exchange),
                headers(exchange));
        int weight = endpoint.weightOf(request);
        if (weight > 0) {
            RequestWeightLimiter.Decision decision = limiter.acquire(weight);
            if (!decision.allowed()) {
                stats.weightLimit429();
                enforcer.told(decision.retryAfterSeconds());
                return tooManyRequests(decision.retryAfterSeconds());
            }
            stats.weightUsed(weight);
        }
        stats.endpointServed(path, weight);
        HttpAnswer answer = endpoint.handler().handle(request, faults);
        if (!answer.delay().isZero()) {
            stats.slowPage();
        }
        return answer;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return headers;
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IOException("request body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private HttpAnswer tooManyRequests(long retryAfterSeconds) {
        int status = protocol.tooManyRequestsStatus();
        return new HttpAnswer(status, protocol.refusalBody(HttpProtocol.Refusal.TOO_MANY_REQUESTS, status, ""),
                protocol.sendsRetryAfter() ? retryAfterSeconds : 0, java.time.Duration.ZERO);
    }

    private HttpAnswer refusal(HttpProtocol.Refusal refusal, int status, String detail) {
        return HttpAnswer.status(status, protocol.refusalBody(refusal, status, detail));
    }

    private void send(HttpExchange exchange, HttpAnswer answer) {
        if (answer.delay().isZero()) {
            write(exchange, answer);
        } else {
            // A slow page must not hold a handler thread, so other requests are served meanwhile.
            delayed.schedule(() -> write(exchange, answer), answer.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void write(HttpExchange exchange, HttpAnswer answer) {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", protocol.contentType());
            for (Map.Entry<String, String> header : protocol.headers(limiter.used()).entrySet()) {
                exchange.getResponseHeaders().set(header.getKey(), header.getValue());
            }
            if (answer.retryAfterSeconds() > 0) {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(answer.retryAfterSeconds()));
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            out.write(body);
        } catch (IOException e) {
            // The client hung up before reading its answer; nothing left to tell it.
            LOG.log(System.Logger.Level.DEBUG, "response not delivered: {0}", e.getMessage());
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
