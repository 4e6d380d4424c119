package io.candlestream.feed.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Kraken WebSocket v2 connection (https://docs.kraken.com/api/docs/websocket-v2/trade): on open it subscribes
 * every symbol to {@code trade} with {@code snapshot: false} in one request; {@code channel: trade} frames (type
 * {@code update}, or {@code snapshot}) become trades; the subscribe/unsubscribe answers are acks or, with
 * {@code success: false}, an error of the stream they name; {@code heartbeat} and {@code status} frames and
 * {@code pong}s count as life (every frame resets the silence timer) but carry no data; every
 * {@value #PING_SECONDS} s it sends Kraken's application-level {@code {"method":"ping"}}
 * (https://docs.kraken.com/api/docs/websocket-v2/ping). Not thread-safe: the engine calls it from one thread.
 */
final class KrakenSession implements LiveSession {

    /** How often the application-level ping goes out; Kraken's heartbeat is every second, so this is a keep-alive. */
    static final long PING_SECONDS = 20;

    private final Set<String> symbols = new LinkedHashSet<>();
    private final Map<Long, List<String>> pendingRequests = new HashMap<>();
    private long nextRequestId = 1;

    KrakenSession(List<String> symbols) {
        symbols.forEach(s -> this.symbols.add(s.trim().toUpperCase(Locale.ROOT)));
    }

    @Override
    public List<String> openingFrames() {
        return List.of(request("subscribe", List.copyOf(symbols)));
    }

    @Override
    public Duration tickInterval() {
        return Duration.ofSeconds(PING_SECONDS);
    }

    @Override
    public void onTick(long nowMillis, LiveSignals out) {
        out.send("{\"method\":\"ping\",\"req_id\":" + nextRequestId++ + "}");
    }

    @Override
    public void onText(String frame, LiveSignals out) {
        JsonNode root;
        try {
            root = KrakenJson.readTree(frame, "expected a Kraken WebSocket v2 frame: a JSON object");
            if (!root.isObject()) {
                throw new MalformedFrameException("expected a Kraken WebSocket v2 frame: a JSON object, got "
                        + root.getNodeType(), frame);
            }
        } catch (MalformedFrameException e) {
            out.malformed(streamNamedIn(frame), e);
            return;
        }
        JsonNode method = root.get("method");
        if (method != null) {
            onAnswer(method.asText(), root, frame, out);
            return;
        }
        String channel = root.path("channel").asText("");
        switch (channel) {
            case "heartbeat", "status" -> { } // life, not data
            case "trade" -> onTrades(root, frame, out);
            default -> out.malformed(streamNamedIn(frame), new MalformedFrameException(
                    "expected a trade, heartbeat or status channel frame or a method answer, got channel \""
                            + channel + "\"", frame));
        }
    }

    private void onAnswer(String method, JsonNode root, String frame, LiveSignals out) {
        switch (method) {
            case "subscribe", "unsubscribe" -> {
                List<String> requested = pendingRequests.getOrDefault(root.path("req_id").asLong(-1), List.of());
                if (root.path("success").asBoolean(false)) {
                    return;
                }
                String named = root.path("symbol").asText(root.path("result").path("symbol").asText(""));
                List<String> refused = !named.isEmpty() && symbols.contains(named.toUpperCase(Locale.ROOT))
                        ? List.of(named.toUpperCase(Locale.ROOT)) : requested;
                String message = "Kraken refused to " + method + " trade for "
                        + (named.isEmpty() ? refused.toString() : named) + ": " + root.path("error").asText("?");
                if (refused.isEmpty()) {
                    out.malformed(null, new MalformedFrameException("expected a " + method
                            + " answer for a requested symbol, got an error for none of ours", frame));
                }
                for (String symbol : refused) {
                    out.streamError(stream(symbol), message + " (check --symbols: Kraken's v2 pair name, e.g. BTC/USD)");
                }
            }
            case "pong" -> { } // the answer to our ping: life
            default -> out.malformed(streamNamedIn(frame), new MalformedFrameException(
                    "expected a subscribe, unsubscribe or pong answer, got method \"" + method + "\"", frame));
        }
    }

    private void onTrades(JsonNode root, String frame, LiveSignals out) {
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            out.malformed(streamNamedIn(frame), new MalformedFrameException(
                    "expected field \"data\" of a trade frame to be an array of trades", frame));
            return;
        }
        List<Trade> trades = new ArrayList<>(data.size());
        for (JsonNode node : data) {
            String symbol = node.path("symbol").asText("").toUpperCase(Locale.ROOT);
            if (!symbols.contains(symbol)) {
                out.malformed(streamNamedIn(frame), new MalformedFrameException("expected trades of "
                        + symbols + ", got a trade of \"" + symbol + "\"", frame));
                return;
            }
            try {
                trades.add(KrakenTrades.fromWebSocket(node, stream(symbol), frame));
            } catch (MalformedFrameException e) {
                out.malformed(stream(symbol), e);
                return;
            }
        }
        if (!trades.isEmpty()) {
            out.trades(trades);
        }
    }

    /** Subscribes the added symbols and unsubscribes the removed ones on the open connection. */
    @Override
    public boolean changeSymbols(List<String> newSymbols, LiveSignals out) {
        Set<String> wanted = new LinkedHashSet<>();
        newSymbols.forEach(s -> wanted.add(s.trim().toUpperCase(Locale.ROOT)));
        List<String> added = wanted.stream().filter(s -> !symbols.contains(s)).toList();
        List<String> removed = symbols.stream().filter(s -> !wanted.contains(s)).toList();
        symbols.addAll(added);
        if (!added.isEmpty()) {
            out.send(request("subscribe", added));
        }
        if (!removed.isEmpty()) {
            out.send(request("unsubscribe", removed));
        }
        symbols.retainAll(wanted);
        return true;
    }

    private String request(String method, List<String> which) {
        long id = nextRequestId++;
        pendingRequests.put(id, which);
        StringBuilder json = new StringBuilder("{\"method\":\"").append(method)
                .append("\",\"params\":{\"channel\":\"trade\",\"symbol\":[");
        for (int i = 0; i < which.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(which.get(i)).append('"');
        }
        json.append(']');
        if (method.equals("subscribe")) {
            json.append(",\"snapshot\":false");
        }
        return json.append("},\"req_id\":").append(id).append('}').toString();
    }

    /** The stream whose quoted pair name occurs in a frame, if exactly one. */
    private StreamId streamNamedIn(String frame) {
        if (frame == null) {
            return null;
        }
        String upper = frame.toUpperCase(Locale.ROOT);
        List<String> named = new ArrayList<>(1);
        for (String symbol : symbols) {
            if (upper.contains("\"" + symbol + "\"")) {
                named.add(symbol);
            }
        }
        return named.size() == 1 ? stream(named.get(0)) : null;
    }

    private static StreamId stream(String symbol) {
        return StreamId.of(KrakenFeed.NAME, symbol);
    }
}
