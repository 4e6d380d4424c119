package io.candlestream.simulator.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * An OkHttp WebSocket to the simulated node that records what arrives as a queue the tests take from with a deadline
 * (after OkHttp's WebSocketRecorder): parsed JSON messages, and the end of the connection.
 */
final class RpcSocket extends WebSocketListener implements AutoCloseable {

    /** Marks the end of the connection in the queue. */
    private static final JsonNode CLOSED = RpcClient.JSON.createObjectNode().put("closed", true);

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger(100);
    private final WebSocket socket;
    private volatile boolean open;

    RpcSocket(OkHttpClient client, String url) {
        socket = client.newWebSocket(new Request.Builder().url(url).build(), this);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        open = true;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        try {
            messages.add(RpcClient.JSON.readTree(text));
        } catch (IOException e) {
            messages.add(RpcClient.JSON.createObjectNode().put("unparseable", text));
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null);
        messages.add(CLOSED);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        messages.add(CLOSED);
    }

    /** Sends a request and returns its id. */
    int send(String method, String params) {
        int id = ids.incrementAndGet();
        socket.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        return id;
    }

    void sendRaw(String text) {
        socket.send(text);
    }

    /** Sends a request and waits for its answer, skipping notifications (which stay unrecorded). */
    JsonNode request(String method, String params, Duration timeout) {
        int id = send(method, params);
        return await(message -> message.path("id").asInt(-1) == id, timeout);
    }

    /** Subscribes and returns the subscription id. */
    String subscribe(String params, Duration timeout) {
        JsonNode answer = request("eth_subscribe", params, timeout);
        if (!answer.path("result").isTextual()) {
            throw new AssertionError("eth_subscribe " + params + " failed: " + answer);
        }
        return answer.get("result").asText();
    }

    /** The next message, failing if none comes within {@code timeout} or the connection ended. */
    JsonNode next(Duration timeout) {
        JsonNode message = poll(timeout);
        if (message == null) {
            throw new AssertionError("no message within " + timeout);
        }
        if (message == CLOSED) {
            throw new AssertionError("the connection ended");
        }
        return message;
    }

    /** The next message, or null if none comes within {@code timeout}; the end of the connection is returned as is. */
    JsonNode poll(Duration timeout) {
        try {
            return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Skips messages until one matches, failing at the deadline. */
    JsonNode await(Predicate<JsonNode> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching message within " + timeout);
            }
            JsonNode message = next(Duration.ofNanos(left));
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    /** Waits until the connection ended (closed or failed), skipping messages. */
    void awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) == CLOSED) {
                return;
            }
        }
        throw new AssertionError("the connection did not end within " + timeout);
    }

    boolean isOpen() {
        return open;
    }

    static boolean isNotification(JsonNode message, String subscription) {
        return "eth_subscription".equals(message.path("method").asText())
                && subscription.equals(message.path("params").path("subscription").asText());
    }

    @Override
    public void close() {
        socket.cancel();
    }
}
