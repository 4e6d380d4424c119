package io.candlestream.simulator.http;

import java.util.Objects;
import java.util.Set;

/**
 * One endpoint of an {@link HttpProtocol}: the request weight it costs (0: not counted against the limit), the methods
 * it takes, its handler and, for an endpoint whose weight depends on the request (Binance's 24-hour ticker: by the
 * number of symbols asked), a weigher that decides it per request instead of the fixed weight.
 */
public record HttpEndpoint(int weight, Set<String> methods, Handler handler, Weigher weigher) {

    /** The weight of one request, from its parameters; never negative. */
    @FunctionalInterface
    public interface Weigher {
        int weight(HttpRequest request);
    }

    /** An endpoint of fixed weight. */
    public HttpEndpoint(int weight, Set<String> methods, Handler handler) {
        this(weight, methods, handler, null);
    }

    /** The weight {@code request} costs: the weigher's, or the fixed weight. */
    public int weightOf(HttpRequest request) {
        return weigher == null ? weight : Math.max(0, weigher.weight(request));
    }

    /** Serves one admitted request; may consult the page faults and mark its answer slow. */
    @FunctionalInterface
    public interface Handler {
        HttpAnswer handle(HttpRequest request, HttpFaultPlan faults);
    }

    public HttpEndpoint {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0, was " + weight);
        }
        methods = Set.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("an endpoint takes at least one method");
        }
        Objects.requireNonNull(handler, "handler");
    }

    /** A GET endpoint. */
    public static HttpEndpoint get(int weight, Handler handler) {
        return new HttpEndpoint(weight, Set.of("GET"), handler);
    }

    /** A GET endpoint whose weight depends on the request ({@code weight} is its least weight). */
    public static HttpEndpoint get(int weight, Weigher weigher, Handler handler) {
        return new HttpEndpoint(weight, Set.of("GET"), handler, Objects.requireNonNull(weigher, "weigher"));
    }

    /** A POST endpoint (JSON-RPC, GraphQL). */
    public static HttpEndpoint post(int weight, Handler handler) {
        return new HttpEndpoint(weight, Set.of("POST"), handler);
    }
}
