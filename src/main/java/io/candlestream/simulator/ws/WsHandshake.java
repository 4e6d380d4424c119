package io.candlestream.simulator.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server side of the HTTP upgrade (RFC 6455 §4.2): parses and validates the request, hands its path, query and
 * offered subprotocols to the protocol, and writes the 101 (echoing the selected subprotocol) or an HTTP error.
 */
final class WsHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden", 404, "Not Found", 426, "Upgrade Required", 429, "Too Many Requests",
            500, "Internal Server Error", 503, "Service Unavailable");

    /** A valid upgrade request: the client's key and what the protocol decides on. */
    record Parsed(String key, WsUpgradeRequest request) {
    }

    private WsHandshake() {
    }

    /** Reads and validates the upgrade request head. */
    static Parsed read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[0].equals("GET")) {
            throw new WsRejected(400, "expected 'GET <path> HTTP/1.1', got '" + lines[0] + "'");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (first, more) -> first + ", " + more);
            }
        }
        if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))
                || !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new WsRejected(400, "not a WebSocket upgrade request");
        }
        String key = headers.get("sec-websocket-key");
        if (key == null || key.isEmpty() || !"13".equals(headers.get("sec-websocket-version"))) {
            throw new WsRejected(400, "Sec-WebSocket-Key and Sec-WebSocket-Version: 13 are required");
        }
        URI target;
        try {
            target = URI.create(requestLine[1]);
        } catch (IllegalArgumentException e) {
            throw new WsRejected(400, "malformed request target '" + requestLine[1] + "'");
        }
        return new Parsed(key, new WsUpgradeRequest(target.getPath(), target.getRawQuery(),
                subprotocols(headers.get("sec-websocket-protocol")), headers));
    }

    // Sec-WebSocket-Protocol: a comma-separated list of tokens (RFC 6455 §4.1); repeated headers were joined by ", ".
    private static List<String> subprotocols(String header) {
        List<String> offered = new ArrayList<>();
        if (header != null) {
            for (String token : header.split(",")) {
                if (!token.isBlank()) {
                    offered.add(token.trim());
                }
            }
        }
        return offered;
    }

    /** The 101 response that accepts {@code key}, naming {@code subprotocol} unless it is null. */
    static byte[] accept(String key, String subprotocol) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptValue(key) + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** An HTTP error response that ends the connection. */
    static byte[] reject(WsRejected rejected) {
        byte[] body = rejected.getMessage().getBytes(StandardCharsets.UTF_8);
        String reason = REASONS.getOrDefault(rejected.status(), "Error");
        return ("HTTP/1.1 " + rejected.status() + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + rejected.getMessage())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** base64(sha1(key + GUID)). */
    static String acceptValue(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new WsRejected(400, "connection ended before the request head was complete");
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new WsRejected(400, "request head exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
