package io.candlestream.simulator.ws;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** Records what an OkHttp WebSocket client sees, as a queue of events that a test takes with a deadline. */
final class ClientRecorder extends WebSocketListener {

    /** One thing the client saw, with the wall time it arrived. */
    sealed interface Event permits Open, Text, Binary, Closing, Failure {
    }

    record Open(Response response) implements Event {
    }

    record Text(String text, long nanos) implements Event {
    }

    record Binary(ByteString bytes) implements Event {
    }

    record Closing(int code, String reason) implements Event {
    }

    /** @param status the HTTP status of a refused upgrade, or -1 */
    record Failure(Throwable error, int status) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        events.add(new Open(response));
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        events.add(new Text(text, System.nanoTime()));
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        events.add(new Binary(bytes));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        events.add(new Closing(code, reason));
        webSocket.close(code, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        events.add(new Failure(t, response == null ? -1 : response.code()));
    }

    /** The next event, which must be of {@code type} and arrive within {@code timeout}. */
    <E extends Event> E next(Class<E> type, Duration timeout) {
        Event event;
        try {
            event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + type.getSimpleName(), e);
        }
        if (event == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within " + timeout);
        }
        if (!type.isInstance(event)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + event);
        }
        return type.cast(event);
    }

    /** Whether nothing arrives within {@code quiet}. */
    boolean staysQuiet(Duration quiet) throws InterruptedException {
        return events.poll(quiet.toNanos(), TimeUnit.NANOSECONDS) == null;
    }
}
