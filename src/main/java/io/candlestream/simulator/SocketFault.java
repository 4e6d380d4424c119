package io.candlestream.simulator;

/** The kinds of WebSocket fault the simulator can inject into a connection. */
public enum SocketFault {
    /** TCP reset: SO_LINGER 0 then close, no close frame; the client sees a failure. */
    ABRUPT_CLOSE,
    /** A close frame with code 1001 "going away", as Binance sends before maintenance. */
    CLOSE_FRAME,
    /** The socket stays open but nothing is sent for a while; trades published meanwhile are lost to it. */
    SILENCE,
    /** The trade's frame arrives as truncated, unparseable JSON; the trade is not delivered on that connection. */
    CORRUPT_FRAME,
    /** The trade's frame is sent twice. */
    DUPLICATE_FRAME
}
