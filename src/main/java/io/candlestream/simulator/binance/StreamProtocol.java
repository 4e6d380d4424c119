package io.candlestream.simulator.binance;

import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.ws.WsAcceptance;
import io.candlestream.simulator.ws.WsConnection;
import io.candlestream.simulator.ws.WsProtocol;
import io.candlestream.simulator.ws.WsRejected;
import io.candlestream.simulator.ws.WsUpgradeRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance's WebSocket market streams on the transport: the routes {@code /ws}, {@code /ws/<stream>} and
 * {@code /stream?streams=a/b} (no subprotocol), the control requests of {@link WsControlRequests}, and the
 * {@code aggTrade} payload, wrapped on combined-stream connections.
 */
final class StreamProtocol implements WsProtocol<StreamSession, AggTradeEvent> {

    private final WsControlRequests requests;
    private final SimulatorStats stats;

    StreamProtocol(WsControlRequests requests, SimulatorStats stats) {
        this.requests = requests;
        this.stats = stats;
    }

    @Override
    public WsAcceptance<StreamSession> accept(WsUpgradeRequest request) throws WsRejected {
        String path = request.path();
        if (path.equals("/ws") || path.equals("/ws/")) {
            return WsAcceptance.of(new StreamSession(false, List.of()));
        }
        if (path.startsWith("/ws/")) {
            return WsAcceptance.of(new StreamSession(false, streams(path.substring("/ws/".length()))));
        }
        if (path.equals("/stream") || path.equals("/stream/")) {
            String streams = request.queryParameter("streams").orElse("");
            return WsAcceptance.of(new StreamSession(true, streams.isEmpty() ? List.of() : streams(streams)));
        }
        throw new WsRejected(404, "no WebSocket endpoint at " + path + " (use /ws/<stream> or /stream?streams=a/b)");
    }

    private static List<String> streams(String slashSeparated) throws WsRejected {
        List<String> streams = new ArrayList<>();
        for (String name : slashSeparated.split("/")) {
            streams.add(StreamNames.canonical(name)
                    .orElseThrow(() -> new WsRejected(400, "invalid stream name '" + name + "'")));
        }
        return streams;
    }

    @Override
    public void onText(WsConnection<StreamSession> connection, String text) {
        WsControlRequests.Reply reply = requests.handle(text, connection.session());
        stats.wsRequest(reply.error());
        connection.sendText(reply.text());
    }

    // Binance ignores binary messages; so does the simulator (the default onBinary).

    @Override
    public String frame(StreamSession session, AggTradeEvent event) {
        String stream = StreamNames.aggTrade(event.trade().symbol());
        if (!session.wants(stream)) {
            return null;
        }
        String payload = BinanceWireFormat.aggTradeEvent(event.trade(), event.eventTimeMillis());
        return session.isCombined() ? BinanceWireFormat.combined(stream, payload) : payload;
    }
}
