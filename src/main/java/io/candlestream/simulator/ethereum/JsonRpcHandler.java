package io.candlestream.simulator.ethereum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JSON-RPC 2.0 envelope shared by HTTP and WebSocket: single requests and batches (array in, array out), the
 * standard errors with the request's {@code id} echoed ({@code null} when unknown), notifications (no {@code id}) left
 * unanswered, and {@code eth_subscribe}/{@code eth_unsubscribe} on a WebSocket session. Thread-safe.
 */
final class JsonRpcHandler {

    private static final System.Logger LOG = System.getLogger(JsonRpcHandler.class.getName());

    private final ObjectMapper mapper;
    private final EthMethods methods;
    private final EthereumStats stats;
    private final AtomicLong subscriptionIds = new AtomicLong(0x4f1a2b3c5d6e7f80L);

    JsonRpcHandler(ObjectMapper mapper, EthMethods methods, EthereumStats stats) {
        this.mapper = mapper;
        this.methods = methods;
        this.stats = stats;
    }

    /** The answer to one message, or null when it asks for none; {@code session} is null over HTTP. */
    String handle(String text, RpcSession session) {
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            stats.rpcCall(true);
            return RpcWire.error(null, RpcFailure.PARSE_ERROR, "parse error").toString();
        }
        if (message == null || message.isMissingNode()) {
            stats.rpcCall(true);
            return RpcWire.error(null, RpcFailure.PARSE_ERROR, "parse error").toString();
        }
        if (message.isArray()) {
            if (message.isEmpty()) {
                stats.rpcCall(true);
                return RpcWire.error(null, RpcFailure.INVALID_REQUEST, "empty batch").toString();
            }
            ArrayNode answers = RpcWire.JSON.arrayNode();
            for (JsonNode request : message) {
                JsonNode answer = answer(request, session);
                if (answer != null) {
                    answers.add(answer);
                }
            }
            return answers.isEmpty() ? null : answers.toString();
        }
        JsonNode answer = answer(message, session);
        return answer == null ? null : answer.toString();
    }

    private JsonNode answer(JsonNode request, RpcSession session) {
        JsonNode id = request.isObject() ? request.get("id") : null;
        if (id != null && !id.isTextual() && !id.isNumber() && !id.isNull()) {
            id = null;
        }
        if (!request.isObject() || !"2.0".equals(request.path("jsonrpc").asText(null))
                || !request.path("method").isTextual() || (request.has("id") && id == null)) {
            stats.rpcCall(true);
            return RpcWire.error(id, RpcFailure.INVALID_REQUEST, "invalid request");
        }
        String method = request.get("method").asText();
        JsonNode params = request.path("params");
        try {
            if (params.isMissingNode() || params.isNull()) {
                params = RpcWire.JSON.arrayNode();
            } else if (!params.isArray()) {
                throw RpcFailure.invalidParams("non-array args");
            }
            JsonNode result = dispatch(method, params, session);
            stats.rpcCall(false);
            return request.has("id") ? RpcWire.result(id, result) : null;
        } catch (RpcFailure failure) {
            stats.rpcCall(true);
            return request.has("id") ? RpcWire.error(id, failure.code(), failure.getMessage()) : null;
        } catch (RuntimeException e) {
            stats.rpcCall(true);
            stats.transport().internalError();
            LOG.log(System.Logger.Level.ERROR, "JSON-RPC call " + method + " failed", e);
            return RpcWire.error(id, -32603, "internal error");
        }
    }

    private JsonNode dispatch(String method, JsonNode params, RpcSession session) {
        if (methods.serves(method)) {
            return methods.call(method, params);
        }
        if (method.equals("eth_subscribe") || method.equals("eth_unsubscribe")) {
            if (session == null) {
                throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "notifications not supported");
            }
            return method.equals("eth_subscribe") ? subscribe(params, session) : unsubscribe(params, session);
        }
        throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "the method " + method + " does not exist/is not available");
    }

    private JsonNode subscribe(JsonNode params, RpcSession session) {
        JsonNode kind = RpcParams.arg(params, 0);
        if (!kind.isTextual()) {
            throw RpcFailure.invalidParams("invalid argument 0: expected a subscription name (newHeads, logs), got "
                    + kind);
        }
        String id = String.format("0x%032x", subscriptionIds.incrementAndGet());
        switch (kind.asText()) {
            case "newHeads" -> session.add(new RpcSession.Subscription(id, SubscriptionKind.NEW_HEADS, LogFilter.ALL));
            case "logs" -> {
                JsonNode filter = RpcParams.arg(params, 1);
                if (!filter.isMissingNode() && !filter.isNull() && !filter.isObject()) {
                    throw RpcFailure.invalidParams("invalid argument 1: expected a filter object {address, topics}, "
                            + "got " + filter);
                }
                if (filter.has("fromBlock") || filter.has("toBlock") || filter.has("blockHash")) {
                    throw RpcFailure.invalidParams("invalid argument 1: a logs subscription takes only address and "
                            + "topics, not a block range");
                }
                LogFilter match = filter.isObject() ? RpcParams.filter(filter) : LogFilter.ALL;
                session.add(new RpcSession.Subscription(id, SubscriptionKind.LOGS, match));
            }
            default -> throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND,
                    "no \"" + kind.asText() + "\" subscription in eth namespace");
        }
        stats.subscription();
        return RpcWire.JSON.textNode(id);
    }

    private static JsonNode unsubscribe(JsonNode params, RpcSession session) {
        JsonNode id = RpcParams.arg(params, 0);
        if (!id.isTextual()) {
            throw RpcFailure.invalidParams("invalid argument 0: expected a subscription id, got " + id);
        }
        return RpcWire.JSON.booleanNode(session.remove(id.asText()));
    }
}
