package io.candlestream.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server side of the HTTP upgrade (RFC 6455 §4.2): parses the request, decides which streams it asks for
 * ({@code /ws}, {@code /ws/<stream>}, {@code /stream?streams=a/b}) and writes the 101 or an HTTP error.
 */
final class WsHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    /** What a valid upgrade request asked for. */
    record Request(String key, boolean combined, List<String> streams) {
    }

    /** Why an upgrade request was refused: the HTTP status and a one-line reason. */
    static final class Rejected extends IOException {
        private final int status;

        Rejected(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private WsHandshake() {
    }

    /** Reads and validates the upgrade request head. */
    static Request read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[0].equals("GET")) {
            throw new Rejected(400, "expected 'GET <path> HTTP/1.1', got '" + lines[0] + "'");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))
                || !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new Rejected(400, "not a WebSocket upgrade request");
        }
        String key = headers.get("sec-websocket-key");
        if (key == null || key.isEmpty() || !"13".equals(headers.get("sec-websocket-version"))) {
            throw new Rejected(400, "Sec-WebSocket-Key and Sec-WebSocket-Version: 13 are required");
        }
        URI target;
        try {
            target = URI.create(requestLine[1]);
        } catch (IllegalArgumentException e) {
            throw new Rejected(400, "malformed request target '" + requestLine[1] + "'");
        }
        return route(key, target);
    }

    private static Request route(String key, URI target) throws Rejected {
        String path = target.getPath();
        if (path.equals("/ws") || path.equals("/ws/")) {
            return new Request(key, false, List.of());
        }
        if (path.startsWith("/ws/")) {
            return new Request(key, false, streams(path.substring("/ws/".length())));
        }
        if (path.equals("/stream") || path.equals("/stream/")) {
            String streams = queryParameter(target.getRawQuery(), "streams").orElse("");
            return new Request(key, true, streams.isEmpty() ? List.of() : streams(streams));
        }
        throw new Rejected(404, "no WebSocket endpoint at " + path + " (use /ws/<stream> or /stream?streams=a/b)");
    }

    private static List<String> streams(String slashSeparated) throws Rejected {
        List<String> streams = new ArrayList<>();
        for (String name : slashSeparated.split("/")) {
            streams.add(StreamNames.canonical(name)
                    .orElseThrow(() -> new Rejected(400, "invalid stream name '" + name + "'")));
        }
        return streams;
    }

    private static Optional<String> queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The 101 response that accepts {@code key}. */
    static byte[] accept(String key) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptValue(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** An HTTP error response that ends the connection. */
    static byte[] reject(Rejected rejected) {
        byte[] body = rejected.getMessage().getBytes(StandardCharsets.UTF_8);
        String reason = rejected.status() == 404 ? "Not Found" : "Bad Request";
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
                throw new Rejected(400, "connection ended before the request head was complete");
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new Rejected(400, "request head exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
