package io.candlestream.simulator.ws;

import java.io.IOException;

/** A client broke the WebSocket protocol; carries the close code (RFC 6455 §7.4.1) the server answers with. */
final class WsProtocolException extends IOException {

    private final int closeCode;

    WsProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    int closeCode() {
        return closeCode;
    }
}
