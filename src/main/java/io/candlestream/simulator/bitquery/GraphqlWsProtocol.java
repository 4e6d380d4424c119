package io.candlestream.simulator.bitquery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.ws.WsAcceptance;
import io.candlestream.simulator.ws.WsConnection;
import io.candlestream.simulator.ws.WsProtocol;
import io.candlestream.simulator.ws.WsRejected;
import io.candlestream.simulator.ws.WsUpgradeRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bitquery's GraphQL-over-WebSocket endpoint on the transport: the upgrade at {@code /graphql} with the token in
 * {@code ?token=} (or an {@code Authorization: Bearer} header), both subprotocols chosen by
 * {@code Sec-WebSocket-Protocol} ({@code graphql-transport-ws}: connection_init/ack, ping/pong, subscribe, next,
 * error, complete, and its close codes 4400/4401/4408/4409/4429; legacy {@code graphql-ws}: connection_init/ack,
 * {@code ka}, start, data, error, stop, complete, connection_terminate), one subscription per connection, and each
 * published block framed as the subscription's own selection of it.
 */
final class GraphqlWsProtocol implements WsProtocol<GraphqlWsSession, BlockPortion> {

    private static final System.Logger LOG = System.getLogger(GraphqlWsProtocol.class.getName());
    private static final List<String> SUBPROTOCOLS = List.of(GraphqlWsSession.TRANSPORT_WS, GraphqlWsSession.LEGACY_WS);

    private final GraphqlExecutor executor;
    private final TokenCheck tokens;
    private final BitqueryStats stats;
    private final Duration initTimeout;
    private final ObjectMapper json = new ObjectMapper();

    GraphqlWsProtocol(GraphqlExecutor executor, TokenCheck tokens, BitqueryStats stats, Duration initTimeout) {
        this.executor = executor;
        this.tokens = tokens;
        this.stats = stats;
        this.initTimeout = initTimeout;
    }

    @Override
    public WsAcceptance<GraphqlWsSession> accept(WsUpgradeRequest request) throws WsRejected {
        if (!request.path().equals("/graphql")) {
            throw new WsRejected(404, "no GraphQL endpoint at " + request.path() + "; connect to /graphql");
        }
        Optional<String> token = request.queryParameter("token")
                .or(() -> TokenCheck.bearer(Optional.ofNullable(request.headers().get("authorization"))));
        Optional<TokenCheck.Refusal> refusal = tokens.check(token, "connect to /graphql?token=<token>");
        if (refusal.isPresent()) {
            stats.authFailure();
            throw new WsRejected(refusal.get().status(), refusal.get().message());
        }
        String subprotocol = request.firstOffered(SUBPROTOCOLS).orElseThrow(() -> new WsRejected(400,
                "offer Sec-WebSocket-Protocol graphql-transport-ws or graphql-ws (offered: " + request.subprotocols()
                        + ")"));
        return new WsAcceptance<>(subprotocol, new GraphqlWsSession(subprotocol));
    }

    @Override
    public void onText(WsConnection<GraphqlWsSession> connection, String text) {
        GraphqlWsSession session = connection.session();
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            message = null;
        }
        String type = message != null && message.path("type").isTextual() ? message.path("type").asText() : null;
        if (type == null) {
            refuse(connection, 4400, "Invalid message: expected a JSON object with a string 'type'");
            return;
        }
        if (session.isLegacy()) {
            onLegacy(connection, session, type, message);
        } else {
            onTransport(connection, session, type, message);
        }
    }

    private void onTransport(WsConnection<GraphqlWsSession> connection, GraphqlWsSession session, String type,
            JsonNode message) {
        switch (type) {
            case "connection_init" -> init(connection, session);
            case "ping" -> connection.sendText("{\"type\":\"pong\"}");
            case "pong" -> {
                // A client's heartbeat needs no answer.
            }
            case "subscribe" -> {
                if (!session.acknowledged()) {
                    refuse(connection, 4401, "Unauthorized: subscribe before connection_ack");
                    return;
                }
                String id = message.path("id").asText("");
                if (id.isEmpty()) {
                    refuse(connection, 4400, "Invalid message: subscribe without an id");
                    return;
                }
                GraphqlWsSession.LiveSubscription live = session.subscription();
                if (live != null && live.id().equals(id)) {
                    refuse(connection, 4409, "Subscriber for " + id + " already exists");
                    return;
                }
                start(connection, session, id, message.path("payload"));
            }
            case "complete" -> {
                if (session.complete(message.path("id").asText(""))) {
                    stats.subscriptionCompleted();
                }
            }
            default -> refuse(connection, 4400, "Invalid message type '" + type + "' for graphql-transport-ws");
        }
    }

    private void onLegacy(WsConnection<GraphqlWsSession> connection, GraphqlWsSession session, String type,
            JsonNode message) {
        String id = message.path("id").asText("");
        switch (type) {
            case "connection_init" -> init(connection, session);
            case "start" -> {
                if (!session.acknowledged()) {
                    connection.sendText(message("error", id, Map.of("message", "send connection_init first")));
                    return;
                }
                start(connection, session, id, message.path("payload"));
            }
            case "stop" -> {
                if (session.complete(id)) {
                    stats.subscriptionCompleted();
                }
                connection.sendText(message("complete", id, null));
            }
            case "connection_terminate" -> connection.closeWithFrame(1000, "connection_terminate");
            default -> connection.sendText(message("error", id, Map.of("message",
                    "unknown message type '" + type + "' for graphql-ws")));
        }
    }

    private void init(WsConnection<GraphqlWsSession> connection, GraphqlWsSession session) {
        if (session.acknowledged()) {
            if (session.isLegacy()) {
                connection.sendText(message("connection_error", null,
                        Map.of("message", "Too many initialisation requests")));
            } else {
                refuse(connection, 4429, "Too many initialisation requests");
            }
            return;
        }
        session.acknowledge();
        connection.sendText("{\"type\":\"connection_ack\"}");
        if (session.isLegacy()) {
            keepAlive(connection); // the legacy protocol's first ka follows the ack at once
        }
    }

    private void start(WsConnection<GraphqlWsSession> connection, GraphqlWsSession session, String id,
            JsonNode payload) {
        String query = payload.path("query").isTextual() ? payload.path("query").asText() : null;
        if (query == null) {
            subscriptionError(connection, session, id, "payload.query: a GraphQL document is required");
            return;
        }
        String operationName = payload.path("operationName").isTextual() ? payload.path("operationName").asText() : null;
        Map<String, Object> variables = variables(payload.path("variables"));
        if (variables == null) {
            subscriptionError(connection, session, id, "payload.variables: must be a JSON object");
            return;
        }
        GraphqlExecutor.Operation operation = executor.operation(query, operationName);
        if (!operation.errors().isEmpty()) {
            sendErrors(connection, session, id, operation.errors().stream().map(e -> e.toSpecification()).toList());
            return;
        }
        if (!operation.isSubscription()) {
            // A query over the socket is answered once: its result, then complete.
            Map<String, Object> result = executor.executeQuery(query, operationName, variables);
            connection.sendText(message(session.isLegacy() ? "data" : "next", id, result));
            connection.sendText(message("complete", id, null));
            return;
        }
        GraphqlWsSession.LiveSubscription live = session.subscription();
        if (live != null) {
            subscriptionError(connection, session, id, "subscription " + live.id() + " is already live on this"
                    + " connection; the simulator serves one subscription per connection (filter several pools in"
                    + " its where, or open another connection)");
            return;
        }
        Optional<Map<String, Object>> check = executor.executePortion(query, operationName, variables,
                new BlockPortion(0, 0, List.of()));
        if (check.isPresent() && check.get().containsKey("errors")) {
            @SuppressWarnings("unchecked")
            List<Object> errors = (List<Object>) check.get().get("errors");
            sendErrors(connection, session, id, errors);
            return;
        }
        session.subscribe(new GraphqlWsSession.LiveSubscription(id, query, operationName, variables));
        stats.subscriptionStarted();
    }

    private Map<String, Object> variables(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(node, Map.class);
        return map;
    }

    private void subscriptionError(WsConnection<GraphqlWsSession> connection, GraphqlWsSession session, String id,
            String text) {
        sendErrors(connection, session, id, List.of(Map.of("message", text)));
    }

    private void sendErrors(WsConnection<GraphqlWsSession> connection, GraphqlWsSession session, String id,
            List<?> errors) {
        stats.subscriptionError();
        if (session.isLegacy()) {
            // subscriptions-transport-ws reports a failed start as a data message with errors, then complete.
            connection.sendText(message("data", id, Map.of("errors", errors)));
            connection.sendText(message("complete", id, null));
        } else {
            connection.sendText(message("error", id, errors));
        }
    }

    private void refuse(WsConnection<GraphqlWsSession> connection, int code, String reason) {
        stats.protocolClose();
        connection.closeWithFrame(code, reason);
    }

    @Override
    public String frame(GraphqlWsSession session, BlockPortion portion) {
        GraphqlWsSession.LiveSubscription live = session.subscription();
        if (live == null) {
            return null;
        }
        Optional<Map<String, Object>> result =
                executor.executePortion(live.query(), live.operationName(), live.variables(), portion);
        if (result.isEmpty()) {
            return null;
        }
        stats.portionMessageFramed();
        return message(session.isLegacy() ? "data" : "next", live.id(), result.get());
    }

    /**
     * The keep-alive of an acknowledged connection: {@code ka} on graphql-ws, an unsolicited {@code pong} on
     * graphql-transport-ws ({@code docs/subscriptions/websockets.md}); a connection that has not sent
     * {@code connection_init} within the timeout is closed with 4408.
     */
    void keepAlive(WsConnection<GraphqlWsSession> connection) {
        GraphqlWsSession session = connection.session();
        if (!session.acknowledged()) {
            if (System.nanoTime() - session.openedNanos() > initTimeout.toNanos()) {
                refuse(connection, 4408, "Connection initialisation timeout");
            }
            return;
        }
        connection.sendText(session.isLegacy() ? "{\"type\":\"ka\"}" : "{\"type\":\"pong\"}");
        stats.keepAliveSent();
    }

    private String message(String type, String id, Object payload) {
        Map<String, Object> message = new LinkedHashMap<>();
        if (id != null && !id.isEmpty()) {
            message.put("id", id);
        }
        message.put("type", type);
        if (payload != null) {
            message.put("payload", payload);
        }
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot write a " + type + " message", e);
            throw new IllegalStateException("cannot write a " + type + " message", e);
        }
    }
}
