package io.candlestream.simulator.http;

import java.nio.charset.StandardCharsets;

/**
 * One request as an endpoint sees it.
 *
 * @param method   {@code GET}, {@code POST}, …
 * @param path     the path, e.g. {@code /api/v3/aggTrades}
 * @param rawQuery the query string as sent (not decoded), or null
 * @param body     the request body, empty for a GET
 */
public record HttpRequest(String method, String path, String rawQuery, byte[] body) {

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
