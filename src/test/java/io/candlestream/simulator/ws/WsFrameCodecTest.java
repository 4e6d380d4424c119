package io.candlestream.simulator.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsFrameCodecTest {

    private static byte[] maskedClientFrame(int firstByte, byte[] payload) {
        byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        }
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }

    @Test
    void acceptValueMatchesTheRfcExample() {
        assertThat(WsHandshake.acceptValue("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void serverTextFramesAreUnmaskedWithTheRightLengthEncoding() {
        assertThat(WsFrameCodec.text("Hello")).containsExactly(0x81, 0x05, 'H', 'e', 'l', 'l', 'o');
        byte[] medium = WsFrameCodec.text("x".repeat(300));
        assertThat(medium[1]).isEqualTo((byte) 126);
        assertThat(((medium[2] & 0xFF) << 8) | (medium[3] & 0xFF)).isEqualTo(300);
        byte[] large = WsFrameCodec.text("x".repeat(70_000));
        assertThat(large[1]).isEqualTo((byte) 127);
        assertThat(large).hasSize(10 + 70_000);
    }

    @Test
    void closeFramesCarryCodeAndReason() {
        byte[] frame = WsFrameCodec.close(1001, "going away");
        assertThat(frame[0]).isEqualTo((byte) 0x88);
        assertThat(((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)).isEqualTo(1001);
        assertThat(new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8)).isEqualTo("going away");
    }

    @Test
    void decodesMaskedClientFramesIncludingFragments() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(maskedClientFrame(0x01, "{\"meth".getBytes(StandardCharsets.UTF_8)));
        wire.writeBytes(maskedClientFrame(0x80, "od\":1}".getBytes(StandardCharsets.UTF_8)));
        wire.writeBytes(maskedClientFrame(0x89, "p".repeat(3).getBytes(StandardCharsets.UTF_8)));
        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
        WsFrame first = WsFrameCodec.read(in);
        WsFrame second = WsFrameCodec.read(in);
        WsFrame ping = WsFrameCodec.read(in);
        assertThat(first.fin()).isFalse();
        assertThat(first.opcode()).isEqualTo(WsFrame.OP_TEXT);
        assertThat(second.opcode()).isEqualTo(WsFrame.OP_CONTINUATION);
        assertThat(new String(first.payload(), StandardCharsets.UTF_8) + new String(second.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"method\":1}");
        assertThat(ping.opcode()).isEqualTo(WsFrame.OP_PING);
        assertThat(ping.payload()).isEqualTo("ppp".getBytes(StandardCharsets.UTF_8));
        byte[] longPayload = "y".repeat(500).getBytes(StandardCharsets.UTF_8);
        assertThat(WsFrameCodec.read(new ByteArrayInputStream(maskedClientFrame(0x81, longPayload))).payload())
                .isEqualTo(longPayload);
    }

    @Test
    void rejectsUnmaskedClientFramesAsProtocolError() {
        byte[] unmasked = WsFrameCodec.text("hi");
        assertThatThrownBy(() -> WsFrameCodec.read(new ByteArrayInputStream(unmasked)))
                .isInstanceOfSatisfying(WsProtocolException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(WsFrameCodec.CLOSE_PROTOCOL_ERROR));
    }

    @Test
    void handshakeHandsPathQueryAndOfferedSubprotocolsToTheProtocol() throws IOException {
        WsHandshake.Parsed parsed = WsHandshake.read(request("/stream?streams=a%2Fb&x=1",
                "Sec-WebSocket-Protocol: graphql-transport-ws, graphql-ws\r\nSec-WebSocket-Protocol: extra\r\n"));
        assertThat(parsed.key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(parsed.request().path()).isEqualTo("/stream");
        assertThat(parsed.request().queryParameter("streams")).contains("a/b");
        assertThat(parsed.request().subprotocols()).containsExactly("graphql-transport-ws", "graphql-ws", "extra");
        assertThat(WsHandshake.read(request("/ws", "")).request().subprotocols()).isEmpty();
    }

    @Test
    void aRequestThatIsNotAnUpgradeIsRejectedWith400() {
        ByteArrayInputStream plainGet = new ByteArrayInputStream(
                "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> WsHandshake.read(plainGet))
                .isInstanceOfSatisfying(WsRejected.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    static ByteArrayInputStream request(String target) {
        return request(target, "");
    }

    static ByteArrayInputStream request(String target, String extraHeaders) {
        return new ByteArrayInputStream(("GET " + target + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
