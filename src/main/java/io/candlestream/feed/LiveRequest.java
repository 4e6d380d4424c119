package io.candlestream.feed;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * What to open for one live connection: the WebSocket URL, extra handshake headers (authentication, for example) and
 * the subprotocol to ask for ({@code Sec-WebSocket-Protocol}, e.g. {@code graphql-transport-ws}), or {@code null}.
 *
 * <p>The URL's path and query and the headers' values may carry tokens, so {@link #toString()} and {@link #endpoint()}
 * show only {@code scheme://host:port}; log nothing else of a request.
 */
public record LiveRequest(String url, Map<String, String> headers, String subprotocol) {

    public LiveRequest {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a ws:// or wss:// URL for the live feed, got one that does not "
                    + "parse (" + e.getMessage().replace(url, "<url>") + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss")
                || scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected a ws:// or wss:// URL with a host for the live feed, got "
                    + endpointOf(uri));
        }
        if (subprotocol != null && subprotocol.isBlank()) {
            throw new IllegalArgumentException("subprotocol must be null or a token, was blank");
        }
    }

    /** A request with no extra headers and no subprotocol. */
    public static LiveRequest of(String url) {
        return new LiveRequest(url, Map.of(), null);
    }

    /** {@code scheme://host:port} of the URL (the port is the scheme's default when the URL has none); safe to log. */
    public String endpoint() {
        return endpointOf(URI.create(url));
    }

    private static String endpointOf(URI uri) {
        String scheme = uri.getScheme() == null ? "?" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = scheme.equals("wss") || scheme.equals("https") ? 443 : 80;
        }
        return scheme + "://" + (uri.getHost() == null ? "?" : uri.getHost()) + ":" + port;
    }

    @Override
    public String toString() {
        return "LiveRequest[" + endpoint() + ", headers " + headers.keySet() + ", subprotocol " + subprotocol + "]";
    }
}
