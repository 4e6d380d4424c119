package io.candlestream.feed.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Binance combined-stream connection: the streams are in the URL, so nothing is sent on open; trade frames are
 * decoded by {@link BinanceFrameDecoder}; symbols added or removed on an open connection are sent as
 * {@code {"method":"SUBSCRIBE"|"UNSUBSCRIBE","params":[...],"id":n}}, and an error answer to one of those names the
 * streams it refused. A malformed frame is attributed to the stream whose name it carries, when it carries one.
 */
final class BinanceSession implements LiveSession {

    private final BinanceFrameDecoder decoder = new BinanceFrameDecoder();
    private final Set<String> symbols = new LinkedHashSet<>();
    private final Map<Long, List<String>> pendingRequests = new HashMap<>();
    private long nextRequestId = 1;

    BinanceSession(List<String> symbols) {
        symbols.forEach(s -> this.symbols.add(s.trim().toUpperCase(Locale.ROOT)));
    }

    @Override
    public void onText(String frame, LiveSignals out) {
        Trade trade = decoder.fastTrade(frame); // the live stream's frames: no JSON tree
        if (trade != null) {
            out.trades(List.of(trade));
            return;
        }
        JsonNode root;
        try {
            root = BinanceAggTrades.readTree(frame, "expected a Binance frame: a JSON object");
        } catch (MalformedFrameException e) {
            out.malformed(streamNamedIn(frame), e);
            return;
        }
        JsonNode id = root.get("id");
        if (id != null && id.canConvertToLong() && pendingRequests.containsKey(id.asLong())
                && (root.has("error") || root.has("result"))) {
            List<String> requested = pendingRequests.remove(id.asLong());
            JsonNode error = root.get("error");
            if (error != null) {
                String message = "Binance refused the request " + id.asLong() + " for " + requested + ": code "
                        + error.path("code").asText("?") + ", " + error.path("msg").asText("?");
                for (String symbol : requested) {
                    out.streamError(stream(symbol), message);
                }
            }
            return;
        }
        try {
            List<Trade> trades = decoder.decode(root, frame);
            if (!trades.isEmpty()) {
                out.trades(trades);
            }
        } catch (MalformedFrameException e) {
            out.malformed(streamOf(root, frame), e);
        }
    }

    /** Subscribes the added symbols and unsubscribes the removed ones on the open connection. */
    @Override
    public boolean changeSymbols(List<String> newSymbols, LiveSignals out) {
        Set<String> wanted = new LinkedHashSet<>();
        newSymbols.forEach(s -> wanted.add(s.trim().toUpperCase(Locale.ROOT)));
        List<String> added = wanted.stream().filter(s -> !symbols.contains(s)).toList();
        List<String> removed = symbols.stream().filter(s -> !wanted.contains(s)).toList();
        if (!added.isEmpty()) {
            out.send(request("SUBSCRIBE", added));
        }
        if (!removed.isEmpty()) {
            out.send(request("UNSUBSCRIBE", removed));
        }
        symbols.clear();
        symbols.addAll(wanted);
        return true;
    }

    private String request(String method, List<String> which) {
        long id = nextRequestId++;
        pendingRequests.put(id, which);
        StringBuilder json = new StringBuilder("{\"method\":\"").append(method).append("\",\"params\":[");
        for (int i = 0; i < which.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(BinanceFeed.streamName(which.get(i))).append('"');
        }
        return json.append("],\"id\":").append(id).append('}').toString();
    }

    /** The stream a parsed frame names ({@code stream}, {@code data.s} or {@code s}), if it is one of ours. */
    private StreamId streamOf(JsonNode root, String frame) {
        String name = root.path("stream").asText("");
        int at = name.indexOf('@');
        if (at > 0 && symbols.contains(name.substring(0, at).toUpperCase(Locale.ROOT))) {
            return stream(name.substring(0, at));
        }
        for (JsonNode symbol : List.of(root.path("data").path("s"), root.path("s"))) {
            if (symbol.isTextual() && symbols.contains(symbol.asText().toUpperCase(Locale.ROOT))) {
                return stream(symbol.asText());
            }
        }
        return streamNamedIn(frame);
    }

    /** The stream whose {@code symbol@} stream name or quoted symbol occurs in an unparsable frame, if exactly one. */
    private StreamId streamNamedIn(String frame) {
        if (frame == null) {
            return null;
        }
        String lower = frame.toLowerCase(Locale.ROOT);
        List<String> named = new ArrayList<>(1);
        for (String symbol : symbols) {
            if (lower.contains(symbol.toLowerCase(Locale.ROOT) + "@") || frame.contains("\"" + symbol + "\"")) {
                named.add(symbol);
            }
        }
        return named.size() == 1 ? stream(named.get(0)) : null;
    }

    private static StreamId stream(String symbol) {
        return StreamId.of(BinanceFeed.NAME, symbol.toUpperCase(Locale.ROOT));
    }
}
