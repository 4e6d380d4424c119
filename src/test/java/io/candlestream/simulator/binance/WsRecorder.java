package io.candlestream.simulator.binance;

import io.candlestream.simulator.SimClock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** Records what an OkHttp WebSocket sees as a queue of events that tests take with a deadline (after OkHttp's own WebSocketRecorder). */
final class WsRecorder extends WebSocketListener {

    /** One thing the client saw; {@code simNowMillis} is the simulator clock when it arrived. */
    sealed interface Event permits Open, Message, Closing, Failure {
    }

    record Open() implements Event {
    }

    record Message(String text, long simNowMillis) implements Event {
    }

    record Closing(int code, String reason) implements Event {
    }

    record Failure(Throwable error) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final SimClock clock;

    WsRecorder(SimClock clock) {
        this.clock = clock;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        events.add(new Open());
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        events.add(new Message(text, clock.nowMillis()));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        events.add(new Closing(code, reason));
        webSocket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        events.add(new Failure(t));
    }

    /** The next event, failing the test if none comes within {@code timeout}. */
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

    /** Skips events until one matches, failing if none does before the deadline. */
    <T extends Event> T awaitEvent(Class<T> type, Predicate<T> condition, Duration timeout) {
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

    <T extends Event> T await(Class<T> type, Duration timeout) {
        return awaitEvent(type, e -> true, timeout);
    }

    /** The next text message, failing on a close or failure in between. */
    Message nextMessage(Duration timeout) {
        Event event = next(timeout);
        if (event instanceof Message message) {
            return message;
        }
        throw new AssertionError("expected a message, got " + event);
    }
}
