package io.candlestream.simulator.http;

import java.util.Map;
import java.util.Optional;

/**
 * What a feed's protocol decides on top of the HTTP server: its endpoints (path → weight, allowed methods, handler),
 * how its error answers look (Binance: {@code {"code":-1121,"msg":"..."}}, JSON-RPC: an error object), and the headers
 * every answer carries (Binance: the weight used). Called from the server's handler threads; must be thread-safe.
 */
public interface HttpProtocol {

    /** The endpoint serving {@code path}, or empty for a 404. */
    Optional<HttpEndpoint> endpoint(String path);

    /** Why a generic answer is given: the server's own refusals and injected faults. */
    enum Refusal {
        /** No endpoint at the path (404). */
        NOT_FOUND,
        /** The endpoint does not take the request's method (405). */
        METHOD_NOT_ALLOWED,
        /** The client was told to wait (429) or the weight limit is used up (429). */
        TOO_MANY_REQUESTS,
        /** The client called again while told to wait: banned (418 on Binance). */
        BANNED,
        /** An injected or real server error (5xx). */
        SERVER_ERROR
    }

    /**
     * The body of a refusal with {@code status}; {@code detail} is the path for {@code NOT_FOUND} and
     * {@code METHOD_NOT_ALLOWED}, the epoch millisecond the ban ends for {@code BANNED}, and empty otherwise.
     */
    String refusalBody(Refusal refusal, int status, String detail);

    /** The status a ban answers with: Binance's 418 by default. */
    default int banStatus() {
        return 418;
    }

    /** The status a rate-limit refusal answers with: 429 by default (Kraken answers 200 with an error inside). */
    default int tooManyRequestsStatus() {
        return 429;
    }

    /** Whether refusals that tell the client to wait carry {@code Retry-After}: yes by default (Kraken sends none). */
    default boolean sendsRetryAfter() {
        return true;
    }

    /** The content type of every answer. */
    default String contentType() {
        return "application/json;charset=UTF-8";
    }

    /** Headers added to every answer, given the request weight used in the current window. */
    default Map<String, String> headers(int usedWeight) {
        return Map.of();
    }
}
