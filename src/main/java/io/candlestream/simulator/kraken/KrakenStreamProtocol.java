package io.candlestream.simulator.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.ws.WsAcceptance;
import io.candlestream.simulator.ws.WsConnection;
import io.candlestream.simulator.ws.WsProtocol;
import io.candlestream.simulator.ws.WsRejected;
import io.candlestream.simulator.ws.WsUpgradeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Kraken's WebSocket v2 on the transport (https://docs.kraken.com/api/docs/websocket-v2/trade): the route {@code /v2};
 * {@code subscribe}/{@code unsubscribe} of the {@code trade} channel, answered per pair ({@code success: true}, or
 * {@code false} with {@code "Currency pair not supported <pair>"}), with the last 50 trades as a {@code snapshot}
 * unless {@code snapshot: false}; {@code ping} answered with {@code pong}; trades pushed as {@code update} frames and
 * heartbeats to subscribed connections.
 */
final class KrakenStreamProtocol implements WsProtocol<KrakenWsSession, KrakenEvent> {

    /** Trades a snapshot holds, as Kraken's. */
    static final int SNAPSHOT_TRADES = 50;

    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> symbols;
    private final Function<String, List<KrakenTrade>> published;
    private final SimClock clock;
    private final SimulatorStats stats;

    /** @param published the trades of a pair published so far, for snapshots */
    KrakenStreamProtocol(Set<String> symbols, Function<String, List<KrakenTrade>> published, SimClock clock,
            SimulatorStats stats) {
        this.symbols = Set.copyOf(symbols);
        this.published = published;
        this.clock = clock;
        this.stats = stats;
    }

    @Override
    public WsAcceptance<KrakenWsSession> accept(WsUpgradeRequest request) throws WsRejected {
        if (request.path().equals("/v2") || request.path().equals("/v2/")) {
            return WsAcceptance.of(new KrakenWsSession());
        }
        throw new WsRejected(404, "no WebSocket endpoint at " + request.path() + " (Kraken's v2 is at /v2)");
    }

    @Override
    public void onText(WsConnection<KrakenWsSession> connection, String text) {
        long now = clock.nowMillis();
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (Exception e) {
            stats.wsRequest(true);
            connection.sendText(KrakenWireFormat.methodError("?", "Malformed request", null, null, now));
            return;
        }
        String method = root.path("method").asText("");
        Long reqId = root.path("req_id").canConvertToLong() ? root.path("req_id").asLong() : null;
        switch (method) {
            case "ping" -> {
                stats.wsRequest(false);
                connection.sendText(KrakenWireFormat.pong(reqId, now));
            }
            case "subscribe", "unsubscribe" -> onSubscription(connection, method, root.path("params"), reqId, now);
            default -> {
                stats.wsRequest(true);
                connection.sendText(KrakenWireFormat.methodError(method.isEmpty() ? "?" : method,
                        "Method not found", null, reqId, now));
            }
        }
    }

    private void onSubscription(WsConnection<KrakenWsSession> connection, String method, JsonNode params, Long reqId,
            long now) {
        if (!"trade".equals(params.path("channel").asText())) {
            stats.wsRequest(true);
            connection.sendText(KrakenWireFormat.methodError(method, "Channel "
                    + params.path("channel").asText("(none)") + " not supported by the simulator", null, reqId, now));
            return;
        }
        JsonNode requested = params.path("symbol");
        if (!requested.isArray() || requested.isEmpty()) {
            stats.wsRequest(true);
            connection.sendText(KrakenWireFormat.methodError(method, "Missing symbol", null, reqId, now));
            return;
        }
        boolean snapshot = params.path("snapshot").asBoolean(true);
        List<String> accepted = new ArrayList<>();
        for (JsonNode node : requested) {
            String symbol = node.asText().toUpperCase(Locale.ROOT);
            if (!symbols.contains(symbol)) {
                stats.wsRequest(true);
                connection.sendText(KrakenWireFormat.methodError(method, "Currency pair not supported " + symbol,
                        symbol, reqId, now));
                continue;
            }
            stats.wsRequest(false);
            accepted.add(symbol);
        }
        if (method.equals("subscribe")) {
            for (String symbol : accepted) {
                connection.sendText(KrakenWireFormat.ack(method, symbol, reqId, now));
                if (snapshot) {
                    List<KrakenTrade> trades = published.apply(symbol);
                    connection.sendText(KrakenWireFormat.tradeFrame("snapshot",
                            trades.subList(Math.max(0, trades.size() - SNAPSHOT_TRADES), trades.size())));
                }
            }
            connection.session().subscribe(accepted);
        } else {
            connection.session().unsubscribe(accepted);
            for (String symbol : accepted) {
                connection.sendText(KrakenWireFormat.ack(method, symbol, reqId, now));
            }
        }
    }

    @Override
    public String frame(KrakenWsSession session, KrakenEvent event) {
        if (event instanceof KrakenEvent.TradeEvent trade) {
            return session.wants(trade.trade().symbol())
                    ? KrakenWireFormat.tradeFrame("update", List.of(trade.trade())) : null;
        }
        return session.subscribedToAny() ? KrakenWireFormat.heartbeat() : null;
    }
}
