package io.candlestream.feed;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * One live connection's protocol state, created by {@link FeedAdapter#newSession} for every connection (a reconnect
 * gets a new one): what to send once the socket is open, how frames turn into {@link LiveSignals}, what to do on a
 * fixed tick, and how to change the symbols on an open connection.
 *
 * <p>The engine calls one session from one thread at a time (frames, ticks and symbol changes never overlap), so an
 * implementation needs no locking of its own.
 */
public interface LiveSession {

    /** Frames to send right after the socket opened (subscriptions, {@code connection_init}); empty by default. */
    default List<String> openingFrames() {
        return List.of();
    }

    /** Turns one text frame into signals; control frames (acks, keep-alives) may signal nothing. */
    void onText(String frame, LiveSignals out);

    /**
     * Turns one binary frame into signals. A protocol that does not expect binary frames reports them as malformed,
     * never ignores them; that is the default.
     */
    default void onBinary(byte[] frame, LiveSignals out) {
        String hex = HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 64));
        out.malformed(null, new MalformedFrameException("expected text frames only, got a binary frame of "
                + frame.length + " bytes", hex));
    }

    /** How often {@link #onTick} is called while the connection is open; {@code null} (the default) for never. */
    default Duration tickInterval() {
        return null;
    }

    /** Called every {@link #tickInterval()} while open, with the wall clock: release time-based windows here. */
    default void onTick(long nowMillis, LiveSignals out) {
    }

    /**
     * What to tell the operator when the server closes the connection with {@code code} (the engine logs it with the
     * close and then reconnects as usual), or {@code null} (the default) for nothing beyond the code and reason. A
     * pure function of its arguments: it may be called from the socket's thread.
     */
    default String closeAdvice(int code, String reason) {
        return null;
    }

    /**
     * Changes the symbols of the open connection to {@code symbols}, sending what it takes through
     * {@link LiveSignals#send}; returns {@code false} if the protocol cannot, and the engine reconnects with a new
     * request instead (the default).
     */
    default boolean changeSymbols(List<String> symbols, LiveSignals out) {
        return false;
    }
}
