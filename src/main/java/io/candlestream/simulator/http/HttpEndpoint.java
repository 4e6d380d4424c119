package io.candlestream.simulator.http;

import java.util.Objects;
import java.util.Set;

/**
 * One endpoint of an {@link HttpProtocol}: the request weight it costs (0: not counted against the limit), the methods
 * it takes, and its handler.
 */
public record HttpEndpoint(int weight, Set<String> methods, Handler handler) {

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

    /** A POST endpoint (JSON-RPC, GraphQL). */
    public static HttpEndpoint post(int weight, Handler handler) {
        return new HttpEndpoint(weight, Set.of("POST"), handler);
    }
}
