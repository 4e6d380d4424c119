package io.candlestream.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as an endpoint sees it.
 *
 * @param method   {@code GET}, {@code POST}, …
 * @param path     the path, e.g. {@code /api/v3/aggTrades}
 * @param rawQuery the query string as sent (not decoded), or null
 * @param body     the request body, empty for a GET
 * @param headers  the request headers, names in lower case (the first value of each)
 */
public record HttpRequest(String method, String path, String rawQuery, byte[] body, Map<String, String> headers) {

    public HttpRequest {
        headers = Map.copyOf(headers);
    }

    /** A request without headers (endpoints that read none). */
    public HttpRequest(String method, String path, String rawQuery, byte[] body) {
        this(method, path, rawQuery, body, Map.of());
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
