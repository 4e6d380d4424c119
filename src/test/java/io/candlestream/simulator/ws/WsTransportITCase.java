package io.candlestream.simulator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.simulator.SimulatorStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okio.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket transport through its protocol hook, with a test protocol that is not Binance's. */
class WsTransportITCase {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static OkHttpClient client;

    private final SimulatorStats stats = new SimulatorStats();
    private final SocketFaultPlan faults = new SocketFaultPlan();
    private final List<WebSocket> sockets = new ArrayList<>();
    private WsServer<TopicProtocol.Session, TopicProtocol.Event> server;

    @BeforeAll
    static void createClient() {
        client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    }

    @AfterAll
    static void closeClient() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new WsServer<>(new WsSettings(Duration.ofSeconds(20), Duration.ofMinutes(1), Duration.ofHours(24),
                Duration.ofSeconds(5)), faults, stats, new TopicProtocol());
        server.start();
    }

    @AfterEach
    void stopServer() {
        sockets.forEach(WebSocket::cancel);
        server.close();
        assertThat(stats.internalErrors()).isZero();
    }

    private WebSocket connect(String pathAndQuery, String offeredSubprotocols, ClientRecorder recorder) {
        Request.Builder request = new Request.Builder().url("ws://127.0.0.1:" + server.port() + pathAndQuery);
        if (offeredSubprotocols != null) {
            request.header("Sec-WebSocket-Protocol", offeredSubprotocols);
        }
        WebSocket socket = client.newWebSocket(request.build(), recorder);
        sockets.add(socket);
        return socket;
    }

    private ClientRecorder open(String topic) {
        ClientRecorder recorder = new ClientRecorder();
        long before = stats.connectionsAccepted();
        connect("/events?topic=" + topic, "chat.v1", recorder);
        recorder.next(ClientRecorder.Open.class, WAIT);
        awaitTrue("the server registered the connection", () -> stats.connectionsAccepted() > before);
        return recorder;
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for %s", what).isNegative();
            LockSupport.parkNanos(2_000_000);
        }
    }

    @Test
    void theSubprotocolTheClientPrefersAmongTheSupportedOnesIsSelectedAndEchoed() {
        ClientRecorder recorder = new ClientRecorder();
        WebSocket socket = connect("/events?topic=a", "chat.v3, chat.v1, chat.v2", recorder);
        ClientRecorder.Open open = recorder.next(ClientRecorder.Open.class, WAIT);
        assertThat(open.response().code()).isEqualTo(101);
        assertThat(open.response().header("Sec-WebSocket-Protocol")).isEqualTo("chat.v1");
        socket.send("echo hello");
        assertThat(recorder.next(ClientRecorder.Text.class, WAIT).text()).isEqualTo("chat.v1:hello");
    }

    @Test
    void anUpgradeOfferingNoSupportedSubprotocolIsRejectedWith400() {
        ClientRecorder unsupported = new ClientRecorder();
        connect("/events?topic=a", "chat.v9", unsupported);
        assertThat(unsupported.next(ClientRecorder.Failure.class, WAIT).status()).isEqualTo(400);
        ClientRecorder none = new ClientRecorder();
        connect("/events?topic=a", null, none);
        assertThat(none.next(ClientRecorder.Failure.class, WAIT).status()).isEqualTo(400);
        assertThat(stats.connectionsAccepted()).isZero();
    }

    @Test
    void anUnknownPathIsRejectedWithTheStatusTheProtocolChose() {
        ClientRecorder recorder = new ClientRecorder();
        connect("/other", "chat.v1", recorder);
        assertThat(recorder.next(ClientRecorder.Failure.class, WAIT).status()).isEqualTo(404);
    }

    @Test
    void theProtocolAnswersTextAndBinaryMessagesAndClosesWithTheCodeItChooses() {
        ClientRecorder recorder = new ClientRecorder();
        WebSocket socket = connect("/events?topic=a", "chat.v2", recorder);
        recorder.next(ClientRecorder.Open.class, WAIT);
        socket.send("what?");
        assertThat(recorder.next(ClientRecorder.Text.class, WAIT).text()).isEqualTo("unknown request: what?");
        socket.send(ByteString.of((byte) 1, (byte) 2, (byte) 3));
        assertThat(recorder.next(ClientRecorder.Binary.class, WAIT).bytes())
                .isEqualTo(ByteString.of((byte) 3, (byte) 2, (byte) 1));
        socket.send("close 4001 topic closed");
        ClientRecorder.Closing closing = recorder.next(ClientRecorder.Closing.class, WAIT);
        assertThat(closing.code()).isEqualTo(4001);
        assertThat(closing.reason()).isEqualTo("topic closed");
        awaitTrue("the connection ended", () -> stats.connectionsOpen() == 0);
    }

    @Test
    void anEventGoesOnlyToTheConnectionsTheProtocolFramesItFor() {
        ClientRecorder a = open("a");
        ClientRecorder b = open("b");
        assertThat(server.anyConnection(s -> s.topic().equals("b"))).isTrue();
        assertThat(server.anyConnection(s -> s.topic().equals("c"))).isFalse();
        server.publish(new TopicProtocol.Event("a", "for a"));
        server.publish(new TopicProtocol.Event("b", "for b"));
        assertThat(a.next(ClientRecorder.Text.class, WAIT).text()).isEqualTo("for a");
        assertThat(b.next(ClientRecorder.Text.class, WAIT).text()).as("b never saw a's event").isEqualTo("for b");
        assertThat(stats.tradesPublished()).isEqualTo(2);
        assertThat(stats.tradeFramesSent()).isEqualTo(2);
    }

    @Test
    void aBinaryFrameFaultSendsTheEventsBytesAsABinaryFrame() {
        ClientRecorder recorder = open("a");
        faults.enqueue(SocketFault.BINARY_FRAME, 1);
        server.publish(new TopicProtocol.Event("a", "{\"n\":1}"));
        server.publish(new TopicProtocol.Event("a", "{\"n\":2}"));
        assertThat(recorder.next(ClientRecorder.Binary.class, WAIT).bytes().utf8()).isEqualTo("{\"n\":1}");
        assertThat(recorder.next(ClientRecorder.Text.class, WAIT).text()).isEqualTo("{\"n\":2}");
        assertThat(stats.socketFaults(SocketFault.BINARY_FRAME)).isEqualTo(1);
    }

    @Test
    void aBurstFaultSendsTheFrameAsManyTimesAsPlannedBeforeTheNextEvent() {
        ClientRecorder recorder = open("a");
        faults.burstFrames(500);
        faults.enqueue(SocketFault.BURST, 1);
        server.publish(new TopicProtocol.Event("a", "burst"));
        server.publish(new TopicProtocol.Event("a", "after"));
        for (int i = 0; i < 500; i++) {
            assertThat(recorder.next(ClientRecorder.Text.class, WAIT).text()).isEqualTo("burst");
        }
        assertThat(recorder.next(ClientRecorder.Text.class, WAIT).text()).isEqualTo("after");
        assertThat(stats.tradeFramesSent()).isEqualTo(501);
    }

    @Test
    void aFrameStalledMidwayArrivesWholeAfterTheStallAndEventsDuringItAreLost() throws Exception {
        ClientRecorder recorder = open("a");
        Duration stall = Duration.ofMillis(700);
        faults.silence(stall);
        faults.enqueue(SocketFault.STALL_MID_FRAME, 1);
        long sent = System.nanoTime();
        server.publish(new TopicProtocol.Event("a", "x".repeat(300)));
        server.publish(new TopicProtocol.Event("a", "lost in the stall"));
        ClientRecorder.Text stalled = recorder.next(ClientRecorder.Text.class, WAIT);
        assertThat(stalled.text()).isEqualTo("x".repeat(300));
        assertThat(Duration.ofNanos(stalled.nanos() - sent)).isGreaterThanOrEqualTo(stall);
        assertThat(recorder.staysQuiet(Duration.ofMillis(100))).isTrue();
        server.publish(new TopicProtocol.Event("a", "after the stall"));
        assertThat(recorder.next(ClientRecorder.Text.class, WAIT).text()).isEqualTo("after the stall");
        assertThat(stats.socketFaults(SocketFault.STALL_MID_FRAME)).isEqualTo(1);
    }

    @Test
    void aResetEndsTheConnectionWithAFailureAndNoCloseFrame() {
        ClientRecorder recorder = open("a");
        server.faultAll(SocketFault.ABRUPT_CLOSE, faults.silence());
        assertThat(recorder.next(ClientRecorder.Failure.class, WAIT).status()).isEqualTo(-1);
        awaitTrue("the connection ended", () -> stats.connectionsOpen() == 0);
    }
}
