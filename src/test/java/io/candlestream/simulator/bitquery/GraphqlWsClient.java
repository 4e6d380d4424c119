package io.candlestream.simulator.bitquery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A real GraphQL-over-WebSocket client for the tests: an OkHttp WebSocket offering one subprotocol, whose messages,
 * closes and failures go to an event queue that tests take from with a deadline (never a sleep).
 */
final class GraphqlWsClient extends WebSocketListener implements AutoCloseable {

    /** One thing the client saw. */
    sealed interface Event permits Opened, Message, Closed, Failed {
    }

    record Opened(String subprotocol) implements Event {
    }

    record Message(JsonNode json, long receivedNanos) implements Event {

        String type() {
            return json.path("type").asText();
        }
    }

    record Closed(int code, String reason) implements Event {
    }

    record Failed(Throwable error, int status) implements Event {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    GraphqlWsClient(OkHttpClient http, String url, String subprotocol) {
        Request.Builder request = new Request.Builder().url(url);
        if (subprotocol != null) {
            request.header("Sec-WebSocket-Protocol", subprotocol);
        }
        this.socket = http.newWebSocket(request.build(), this);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        events.add(new Opened(response.header("Sec-WebSocket-Protocol")));
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        try {
            events.add(new Message(JSON.readTree(text), System.nanoTime()));
        } catch (JsonProcessingException e) {
            events.add(new Failed(new AssertionError("unparseable message: " + text, e), 0));
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        events.add(new Closed(code, reason));
        webSocket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        events.add(new Failed(t, response == null ? 0 : response.code()));
    }

    void send(String json) {
        socket.send(json);
    }

    /** Sends {@code connection_init} and waits for {@code connection_ack}. */
    void init(Duration timeout) {
        await(Opened.class, e -> true, timeout);
        send("{\"type\":\"connection_init\",\"payload\":{}}");
        awaitMessage("connection_ack", timeout);
    }

    /** Starts a subscription {@code id} with {@code query} ({@code subscribe} or legacy {@code start}). */
    void subscribe(String id, String query, boolean legacy) {
        try {
            send(JSON.writeValueAsString(JSON.createObjectNode().put("id", id).put("type", legacy ? "start" : "subscribe")
                    .set("payload", JSON.createObjectNode().put("query", query))));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** The next event, failing if none comes in time. */
    Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no WebSocket event within " + timeout);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next event within {@code timeout}, or null. */
    Event poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips events until one of {@code type} matches, failing if none does before the deadline. */
    <T extends Event> T await(Class<T> type, Predicate<T> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching " + type.getSimpleName() + " within " + timeout);
            }
            Event event = next(Duration.ofNanos(left));
            if (type.isInstance(event) && condition.test(type.cast(event))) {
                return type.cast(event);
            }
        }
    }

    /** Skips to the next message of {@code type}. */
    Message awaitMessage(String type, Duration timeout) {
        return await(Message.class, m -> m.type().equals(type), timeout);
    }

    @Override
    public void close() {
        socket.cancel();
    }
}
