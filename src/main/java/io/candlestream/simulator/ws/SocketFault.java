package io.candlestream.simulator.ws;

/**
 * The kinds of WebSocket fault the transport can inject into a connection. The first three also apply to every open
 * connection at once ({@link WsServer#faultAll}); all of them apply to an event's frame.
 */
public enum SocketFault {
    /** TCP reset: SO_LINGER 0 then close, no close frame; the client sees a failure. */
    ABRUPT_CLOSE,
    /** A close frame with code 1001 "going away", as exchanges send before maintenance. */
    CLOSE_FRAME,
    /** The socket stays open but nothing is sent for a while; events published meanwhile are lost to it. */
    SILENCE,
    /** The event's frame arrives as truncated text (half a JSON document never parses); the event is not delivered on that connection. */
    CORRUPT_FRAME,
    /** The event's frame is sent twice. */
    DUPLICATE_FRAME,
    /** The event's frame is sent as a binary frame with the same bytes, which a client of a text protocol cannot use. */
    BINARY_FRAME,
    /**
     * The event's frame is sent {@link SocketFaultPlan#burstFrames()} times in a row, as fast as the socket takes
     * them, so a client with a bounded buffer overflows.
     */
    BURST,
    /**
     * Half of the event's frame is sent, then nothing for the silence duration (no frames, no pings), then the rest of
     * it: the client's read stalls inside a frame. Events published meanwhile are lost to the connection.
     */
    STALL_MID_FRAME;

    /** The faults the simulator had from the start, the ones its periodic demo schedule cycles through. */
    public static final java.util.List<SocketFault> CLASSIC =
            java.util.List.of(ABRUPT_CLOSE, CLOSE_FRAME, SILENCE, CORRUPT_FRAME, DUPLICATE_FRAME);
}
