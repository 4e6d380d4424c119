package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.ws.WsAcceptance;
import io.candlestream.simulator.ws.WsConnection;
import io.candlestream.simulator.ws.WsProtocol;
import io.candlestream.simulator.ws.WsUpgradeRequest;

/**
 * The node's WebSocket endpoint on the transport: any path (Infura-style keys live in it, {@code /ws/v3/<key>}), no
 * subprotocol, every JSON-RPC call answered by the shared handler, and each notification framed only for the
 * connection that owns its subscription.
 */
final class RpcSocketProtocol implements WsProtocol<RpcSession, Notification> {

    private final JsonRpcHandler handler;

    RpcSocketProtocol(JsonRpcHandler handler) {
        this.handler = handler;
    }

    @Override
    public WsAcceptance<RpcSession> accept(WsUpgradeRequest request) {
        return WsAcceptance.of(new RpcSession());
    }

    @Override
    public void onText(WsConnection<RpcSession> connection, String text) {
        String reply = handler.handle(text, connection.session());
        if (reply != null) {
            connection.sendText(reply);
        }
        connection.session().activatePending();
    }

    @Override
    public String frame(RpcSession session, Notification notification) {
        return session.owns(notification.subscription()) ? notification.text() : null;
    }
}
