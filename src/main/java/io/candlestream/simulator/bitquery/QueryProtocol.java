package io.candlestream.simulator.bitquery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.http.HttpAnswer;
import io.candlestream.simulator.http.HttpEndpoint;
import io.candlestream.simulator.http.HttpFaultPlan;
import io.candlestream.simulator.http.HttpProtocol;
import io.candlestream.simulator.http.HttpRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bitquery's GraphQL queries over HTTP on the transport: {@code POST /graphql} with {@code {"query", "variables",
 * "operationName"}}, the token as {@code Authorization: Bearer} (or {@code ?token=}, {@code
 * docs/authorization/how-to-use.md}); answers in GraphQL's shape ({@code {"data":…}} or {@code {"errors":[…]}}) with
 * 200 for executed documents (errors included), 400 for a body that is no GraphQL request, 401/403 for the token,
 * and the transport's 429 and 5xx faults as {@code {"errors":[{"message":…}]}}. Each query costs one request of the
 * per-minute limit. Thread-safe.
 */
final class QueryProtocol implements HttpProtocol {

    private final GraphqlExecutor executor;
    private final TokenCheck tokens;
    private final BitqueryStats stats;
    private final ObjectMapper json = new ObjectMapper();

    QueryProtocol(GraphqlExecutor executor, TokenCheck tokens, BitqueryStats stats) {
        this.executor = executor;
        this.tokens = tokens;
        this.stats = stats;
    }

    @Override
    public Optional<HttpEndpoint> endpoint(String path) {
        return path.equals("/graphql") ? Optional.of(HttpEndpoint.post(1, this::query)) : Optional.empty();
    }

    private HttpAnswer query(HttpRequest request, HttpFaultPlan faults) {
        Optional<String> token = TokenCheck.bearer(request.header("authorization"))
                .or(() -> TokenCheck.queryParameter(request.rawQuery(), "token"));
        Optional<TokenCheck.Refusal> refusal = tokens.check(token, "send the header Authorization: Bearer <token>");
        if (refusal.isPresent()) {
            stats.authFailure();
            return HttpAnswer.status(refusal.get().status(), errors(refusal.get().message()));
        }
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("query").isTextual()) {
            stats.transport().restBadRequest();
            return HttpAnswer.status(400, errors("the body must be a JSON object {\"query\": \"<GraphQL document>\","
                    + " \"variables\": {…}}"));
        }
        JsonNode variablesNode = body.path("variables");
        if (!variablesNode.isMissingNode() && !variablesNode.isNull() && !variablesNode.isObject()) {
            stats.transport().restBadRequest();
            return HttpAnswer.status(400, errors("variables: must be a JSON object"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = variablesNode.isObject() ? json.convertValue(variablesNode, Map.class) : Map.of();
        String query = body.path("query").asText();
        String operationName = body.path("operationName").isTextual() ? body.path("operationName").asText() : null;
        GraphqlExecutor.Operation operation = executor.operation(query, operationName);
        Map<String, Object> result;
        if (!operation.errors().isEmpty()) {
            result = Map.of("errors", operation.errors().stream().map(e -> e.toSpecification()).toList());
        } else if (operation.isSubscription()) {
            result = Map.of("errors", List.of(Map.of("message", "a subscription is served over WebSocket at"
                    + " /graphql (graphql-transport-ws or graphql-ws); over HTTP send a query")));
        } else {
            result = executor.executeQuery(query, operationName, variables);
        }
        stats.query(rows(result), result.containsKey("errors"));
        Duration delay = faults.nextPageDelay();
        return HttpAnswer.ok(write(result)).delayedBy(delay);
    }

    private static int rows(Map<String, Object> result) {
        if (result.get("data") instanceof Map<?, ?> data && data.get("EVM") instanceof Map<?, ?> evm
                && evm.get("DEXTrades") instanceof List<?> trades) {
            return trades.size();
        }
        return 0;
    }

    @Override
    public String refusalBody(Refusal refusal, int status, String detail) {
        return errors(switch (refusal) {
            case NOT_FOUND -> "no endpoint at " + detail + "; send queries to POST /graphql";
            case METHOD_NOT_ALLOWED -> detail + " takes POST with a JSON GraphQL request";
            case TOO_MANY_REQUESTS -> "Too Many Requests: the per-minute request limit is used up; retry after the"
                    + " Retry-After seconds with backoff";
            case BANNED -> "Too Many Requests: called again while told to wait";
            case SERVER_ERROR -> "Internal Server Error (" + status + "); retry with backoff";
        });
    }

    @Override
    public int banStatus() {
        return 429; // Bitquery has no ban status; a client that ignores the wait meets another 429
    }

    private String errors(String message) {
        return write(Map.of("errors", List.of(Map.of("message", message))));
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a GraphQL response", e);
        }
    }
}
