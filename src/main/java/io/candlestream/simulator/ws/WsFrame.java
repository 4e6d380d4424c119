package io.candlestream.simulator.ws;

/**
 * One WebSocket frame (RFC 6455 §5.2) after unmasking.
 *
 * @param fin     whether this is the final fragment of a message
 * @param opcode  the frame's opcode, one of the {@code OP_*} constants
 * @param payload the unmasked payload
 */
record WsFrame(boolean fin, int opcode, byte[] payload) {

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    boolean isControl() {
        return (opcode & 0x8) != 0;
    }
}
