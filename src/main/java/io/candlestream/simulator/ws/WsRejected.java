package io.candlestream.simulator.ws;

import java.io.IOException;

/** Why an upgrade request was refused: the HTTP status of the answer and a one-line reason, sent as its body. */
public final class WsRejected extends IOException {

    private final int status;

    public WsRejected(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error (400-599), was " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
