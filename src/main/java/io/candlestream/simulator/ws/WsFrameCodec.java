package io.candlestream.simulator.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes unmasked server frames and decodes masked client frames (RFC 6455 §5). Stateless. */
public final class WsFrameCodec {

    /** Close codes used by the simulator (RFC 6455 §7.4.1). */
    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_TOO_BIG = 1009;

    /** Client messages are small JSON requests; anything larger is refused rather than buffered. */
    static final int MAX_CLIENT_PAYLOAD = 64 * 1024;

    private WsFrameCodec() {
    }

    /** A complete unfragmented, unmasked server frame. */
    static byte[] encode(int opcode, byte[] payload) {
        int length = payload.length;
        int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(headerLength + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        return frame.put(payload).array();
    }

    static byte[] text(String text) {
        return encode(WsFrame.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a status code and a short reason. */
    static byte[] close(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length).putShort((short) code).put(reasonBytes);
        return encode(WsFrame.OP_CLOSE, payload.array());
    }

    /** Reads one client frame, which must be masked; blocks until it is complete. */
    static WsFrame read(InputStream in) throws IOException {
        int first = readByte(in);
        int second = readByte(in);
        if ((first & 0x70) != 0) {
            throw new WsProtocolException(CLOSE_PROTOCOL_ERROR, "reserved bits set without an extension");
        }
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        boolean masked = (second & 0x80) != 0;
        long length = second & 0x7F;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        if (!masked) {
            throw new WsProtocolException(CLOSE_PROTOCOL_ERROR, "client frames must be masked");
        }
        if (opcode != WsFrame.OP_CONTINUATION && opcode != WsFrame.OP_TEXT && opcode != WsFrame.OP_BINARY
                && opcode != WsFrame.OP_CLOSE && opcode != WsFrame.OP_PING && opcode != WsFrame.OP_PONG) {
            throw new WsProtocolException(CLOSE_PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
        if ((opcode & 0x8) != 0 && (length > 125 || !fin)) {
            throw new WsProtocolException(CLOSE_PROTOCOL_ERROR, "control frames must be short and unfragmented");
        }
        if (length > MAX_CLIENT_PAYLOAD || length < 0) {
            throw new WsProtocolException(CLOSE_TOO_BIG, "frame of " + length + " bytes exceeds " + MAX_CLIENT_PAYLOAD);
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        if (mask.length < 4 || payload.length < length) {
            throw new EOFException("connection ended inside a frame");
        }
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new WsFrame(fin, opcode, payload);
    }

    /** Appends a fragment to a message being reassembled, refusing messages beyond the limit. */
    static void append(ByteArrayOutputStream message, byte[] fragment) throws WsProtocolException {
        if (message.size() + fragment.length > MAX_CLIENT_PAYLOAD) {
            throw new WsProtocolException(CLOSE_TOO_BIG, "message exceeds " + MAX_CLIENT_PAYLOAD + " bytes");
        }
        message.writeBytes(fragment);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }
}
