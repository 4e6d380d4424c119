package io.candlestream.simulator.ws;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A tiny protocol for testing the transport through its hook, unlike any feed: the one path {@code /events?topic=t},
 * subprotocol {@code chat.v2} or {@code chat.v1} required, {@code echo <x>} answered with {@code <subprotocol>:<x>},
 * {@code close <code> <reason>} answered with that close frame, binary messages echoed reversed, and an event framed
 * only for the connections of its topic.
 */
final class TopicProtocol implements WsProtocol<TopicProtocol.Session, TopicProtocol.Event> {

    static final List<String> SUPPORTED = List.of("chat.v2", "chat.v1");

    record Session(String topic, String subprotocol) {
    }

    record Event(String topic, String text) {
    }

    @Override
    public WsAcceptance<Session> accept(WsUpgradeRequest request) throws WsRejected {
        if (!request.path().equals("/events")) {
            throw new WsRejected(404, "no endpoint at " + request.path());
        }
        String subprotocol = request.firstOffered(SUPPORTED).orElseThrow(() -> new WsRejected(400,
                "Sec-WebSocket-Protocol must offer one of " + SUPPORTED + ", offered " + request.subprotocols()));
        String topic = request.queryParameter("topic").orElseThrow(() -> new WsRejected(400, "topic is required"));
        return new WsAcceptance<>(subprotocol, new Session(topic, subprotocol));
    }

    @Override
    public void onText(WsConnection<Session> connection, String text) {
        if (text.startsWith("echo ")) {
            connection.sendText(connection.session().subprotocol() + ":" + text.substring(5));
        } else if (text.startsWith("close ")) {
            String[] parts = text.split(" ", 3);
            connection.closeWithFrame(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "");
        } else {
            connection.sendText("unknown request: " + text);
        }
    }

    @Override
    public void onBinary(WsConnection<Session> connection, byte[] payload) {
        byte[] reversed = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            reversed[i] = payload[payload.length - 1 - i];
        }
        connection.sendBinary(reversed);
    }

    @Override
    public String frame(Session session, Event event) {
        return session.topic().equals(event.topic()) ? event.text() : null;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
