package io.candlestream.simulator.ws;

/** What the WebSocket transport counts, for a simulator's statistics; implementations are thread-safe. */
public interface WsStats {

    void connectionAccepted();

    void connectionClosed();

    /** An event handed to the server for publishing, with or without recipients. */
    void tradePublished();

    /** An event frame written to a connection's outbox (duplicates and corrupted ones included). */
    void tradeFrameSent();

    void socketFault(SocketFault kind);

    void pingSent();

    void pongReceived();

    void pongTimeout();

    void ageLimitClose();

    /** An unexpected exception inside the transport or a protocol callback (also logged). */
    void internalError();
}
