package io.candlestream.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.Gap;
import io.candlestream.model.GapReason;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.source.split.StreamSplit;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live reader on a sparse-cursor feed ({@link SparseTestFeed}) served by a real WebSocket server: the session's
 * opening frames on every connection, a gap from the last emitted trade to the first live one after every
 * (re)connect, replies to application-level pings, a safe time released by the tick, a quiet stream's hole found by
 * a probe or a head, and a bounded number of failed connection attempts.
 */
class SparseFeedReaderITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final StreamId A = SparseTestFeed.stream("A");
    private static final StreamId B = SparseTestFeed.stream("B");

    private MockWebServer server;
    private final BlockingQueue<WebSocket> serverSockets = new LinkedBlockingQueue<>();
    private final List<WebSocket> allServerSockets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final SparseTestFeed feed = new SparseTestFeed();

    @BeforeEach
    void startServer() throws Exception {
        server = new MockWebServer();
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                @Override
                public void onOpen(WebSocket webSocket, Response response) {
                    serverSockets.add(webSocket);
                    allServerSockets.add(webSocket);
                }

                @Override
                public void onMessage(WebSocket webSocket, String text) {
                    received.add(text);
                }
            }));
        }
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        allServerSockets.forEach(ws -> ws.close(1000, "test over"));
        server.shutdown();
    }

    @Test
    void everyConnectionSendsItsOpeningFramesAndPutsExactlyOneGapAheadOfItsFirstLiveTrade() throws Exception {
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader(wsBase(), Set.of(A))) {
            reader.addSplits(List.of(new StreamSplit(A, new Cursor(5, 0), null)));
            reader.start();
            WebSocket first = serverSockets.poll(30, TimeUnit.SECONDS);
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("SUB A");
            RecordedRequest handshake = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(handshake.getHeader("Sec-WebSocket-Protocol")).isEqualTo("test-lines");
            assertThat(handshake.getHeader("Authorization")).isEqualTo("Bearer secret-token");
            first.send("T A 10 0 1000");
            first.send("T A 10 3 1001");
            pollUntil(reader, out, o -> events(o, A).size() == 3);

            first.close(1001, "going away"); // the connection ends; the client reconnects, with a new session
            WebSocket second = serverSockets.poll(30, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("SUB A");
            second.send("T A 12 1 1500");
            second.send("T A 12 2 1501");
            pollUntil(reader, out, o -> events(o, A).size() == 6);

            assertThat(events(out, A)).containsExactly(
                    new Gap(A, new Cursor(5, 0), new Cursor(10, 0), GapReason.RESTORE),
                    trade(A, 10, 0, 1000), trade(A, 10, 3, 1001),
                    new Gap(A, new Cursor(10, 3), new Cursor(12, 1), GapReason.RECONNECT),
                    trade(A, 12, 1, 1500), trade(A, 12, 2, 1501));
            assertThat(reader.snapshotState(1)).containsExactly(new StreamSplit(A, new Cursor(12, 2), null));
        }
    }

    @Test
    void answersAnApplicationPingAndReleasesASafeTimeOnTheTick() throws Exception {
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader(wsBase(), Set.of(A))) {
            reader.addSplits(List.of(new StreamSplit(A, new Cursor(5, 0), null)));
            reader.start();
            WebSocket socket = serverSockets.poll(30, TimeUnit.SECONDS);
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("SUB A");
            socket.send("PING 7");
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("PONG 7");

            socket.send("T A 10 0 1000");
            socket.send("W A 5000");
            pollUntil(reader, out, o -> watermarks(o, A).contains(5000L));
            assertThat(watermarks(out, A)).containsExactly(999L, 5000L);
        }
    }

    @Test
    void aQuietStreamsHoleIsAGapUpToWhatTheProbeAndTheHeadReveal() throws Exception {
        feed.probeAnswer().set(new StreamProbe(B, 7_000, null, new Cursor(20, SparseTestFeed.LAST_INDEX)));
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader(wsBase(), Set.of(B))) {
            reader.addSplits(List.of(new StreamSplit(B, new Cursor(5, 0), null)));
            reader.start();
            pollUntil(reader, out, o -> watermarks(o, B).contains(7_000L));
            WebSocket socket = serverSockets.poll(30, TimeUnit.SECONDS);
            socket.send("H 30");
            pollUntil(reader, out, o -> events(o, B).size() == 2);
            socket.send("T B 31 4 9000");
            pollUntil(reader, out, o -> events(o, B).size() == 4);

            assertThat(events(out, B)).containsExactly(
                    new Gap(B, new Cursor(5, 0), new Cursor(20, SparseTestFeed.LAST_INDEX + 1), GapReason.RESTORE),
                    new Gap(B, new Cursor(20, SparseTestFeed.LAST_INDEX), new Cursor(30, SparseTestFeed.LAST_INDEX + 1),
                            GapReason.RESTORE),
                    new Gap(B, new Cursor(30, SparseTestFeed.LAST_INDEX), new Cursor(31, 4), GapReason.RESTORE),
                    trade(B, 31, 4, 9000));
        }
    }

    @Test
    void aConnectionThatCoversAQuietStreamFillsTheHoleOnceThenMovesItWithHeadsAndSafeTimesAlone() throws Exception {
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader(wsBase(), Set.of(B))) {
            reader.addSplits(List.of(new StreamSplit(B, new Cursor(5, 0), null)));
            reader.start();
            WebSocket socket = serverSockets.poll(30, TimeUnit.SECONDS);
            socket.send("C 40");
            pollUntil(reader, out, o -> events(o, B).size() == 1);
            socket.send("H 41");
            socket.send("H 42");
            socket.send("W B 9000");
            pollUntil(reader, out, o -> watermarks(o, B).contains(9000L));
            socket.send("T B 43 2 9500");
            pollUntil(reader, out, o -> events(o, B).size() == 2);

            assertThat(events(out, B)).containsExactly(
                    new Gap(B, new Cursor(5, 0), new Cursor(40, SparseTestFeed.LAST_INDEX + 1), GapReason.RESTORE),
                    trade(B, 43, 2, 9500));
            assertThat(reader.snapshotState(1)).containsExactly(new StreamSplit(B, new Cursor(43, 2), null));
        }
    }

    @Test
    void onceTheCoveringConnectionIsGoneAProbesHeadIsAGapUntilAnotherConnectionCoversTheStream() throws Exception {
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader(wsBase(), Set.of(B))) {
            reader.addSplits(List.of(new StreamSplit(B, new Cursor(5, 0), null)));
            reader.start();
            WebSocket first = serverSockets.poll(30, TimeUnit.SECONDS);
            first.send("C 40");
            pollUntil(reader, out, o -> events(o, B).size() == 1);
            feed.probeAnswer().set(new StreamProbe(B, 12_000, null, new Cursor(60, SparseTestFeed.LAST_INDEX)));
            first.close(1001, "going away");
            WebSocket second = serverSockets.poll(30, TimeUnit.SECONDS);
            assertThat(second).as("a second connection").isNotNull();
            pollUntil(reader, out, o -> watermarks(o, B).contains(12_000L));
            second.send("C 70");
            pollUntil(reader, out, o -> events(o, B).size() == 3);

            assertThat(events(out, B)).containsExactly(
                    new Gap(B, new Cursor(5, 0), new Cursor(40, SparseTestFeed.LAST_INDEX + 1), GapReason.RESTORE),
                    new Gap(B, new Cursor(40, SparseTestFeed.LAST_INDEX), new Cursor(60, SparseTestFeed.LAST_INDEX + 1),
                            GapReason.RECONNECT),
                    new Gap(B, new Cursor(60, SparseTestFeed.LAST_INDEX), new Cursor(70, SparseTestFeed.LAST_INDEX + 1),
                            GapReason.RECONNECT));
        }
    }

    @Test
    void aSessionThatAsksForANewConnectionGetsOneAndItsHoleIsAReconnectGap() throws Exception {
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader(wsBase(), Set.of(A))) {
            reader.addSplits(List.of(new StreamSplit(A, new Cursor(5, 0), null)));
            reader.start();
            WebSocket first = serverSockets.poll(30, TimeUnit.SECONDS);
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("SUB A");
            first.send("T A 10 0 1000");
            pollUntil(reader, out, o -> events(o, A).size() == 2);
            first.send("R");
            WebSocket second = serverSockets.poll(30, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("SUB A");
            second.send("T A 12 1 1500");
            pollUntil(reader, out, o -> events(o, A).size() == 4);

            assertThat(events(out, A)).containsExactly(
                    new Gap(A, new Cursor(5, 0), new Cursor(10, 0), GapReason.RESTORE), trade(A, 10, 0, 1000),
                    new Gap(A, new Cursor(10, 0), new Cursor(12, 1), GapReason.RECONNECT), trade(A, 12, 1, 1500));
        }
    }

    @Test
    void failsWithTheEndpointAndWhatToCheckAfterTenFailedAttemptsInARow() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader("ws://127.0.0.1:" + deadPort, Set.of(A))) {
            reader.addSplits(List.of(new StreamSplit(A, new Cursor(5, 0), null)));
            reader.start();
            assertThatThrownBy(() -> pollUntil(reader, out, o -> false))
                    .isInstanceOf(LiveFeedException.class)
                    .hasMessageContaining("ws://127.0.0.1:" + deadPort)
                    .hasMessageContaining(FeedConnection.MAX_ATTEMPTS_WITHOUT_OPEN + " attempts in a row")
                    .hasMessageContaining("--ws-url")
                    .hasMessageContaining("--symbols")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void aStreamTheFeedKeepsRefusingFailsTheReaderByName() throws Exception {
        RecordingReaderOutput out = new RecordingReaderOutput();
        try (LiveFeedSourceReader reader = newReader(wsBase(), Set.of(A))) {
            reader.addSplits(List.of(new StreamSplit(A, new Cursor(5, 0), null)));
            reader.start();
            WebSocket socket = serverSockets.poll(30, TimeUnit.SECONDS);
            for (int i = 0; i < LiveFeedSourceReader.MAX_STREAM_ERRORS; i++) {
                socket.send("E A");
            }
            assertThatThrownBy(() -> pollUntil(reader, out, o -> false))
                    .isInstanceOf(LiveFeedException.class)
                    .hasMessageContaining("chain:A")
                    .hasMessageContaining("--symbols");
            assertThat(events(out, A)).as("every refusal, the last included, kept as a dead letter")
                    .filteredOn(e -> e instanceof io.candlestream.model.DeadLetter)
                    .hasSize(LiveFeedSourceReader.MAX_STREAM_ERRORS)
                    .allSatisfy(e -> assertThat(((io.candlestream.model.DeadLetter) e).kind())
                            .isEqualTo(io.candlestream.model.DeadLetter.Kind.REJECTED_SUBSCRIPTION));
        }
    }

    private String wsBase() {
        return "ws://" + server.getHostName() + ":" + server.getPort();
    }

    private LiveFeedSourceReader newReader(String wsBase, Set<StreamId> streams) {
        LiveSourceSettings settings = LiveSourceSettings.of(wsBase, Duration.ofSeconds(30), Duration.ofMillis(100), 100)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(20));
        return new LiveFeedSourceReader(new TestingReaderContext(), feed, streams, settings,
                HistorySettings.defaults("http://127.0.0.1:1"));
    }

    private static Trade trade(StreamId stream, long block, int index, long time) {
        return new Trade(stream, new Cursor(block, index), time, java.math.BigDecimal.ONE, java.math.BigDecimal.ONE, 1);
    }

    private static List<FeedEvent> events(RecordingReaderOutput out, StreamId stream) {
        return out.emitted.stream().filter(e -> stream.toString().equals(e.split()))
                .map(RecordingReaderOutput.Emitted::event).filter(Objects::nonNull).toList();
    }

    private static List<Long> watermarks(RecordingReaderOutput out, StreamId stream) {
        return out.emitted.stream().filter(e -> stream.toString().equals(e.split()))
                .map(RecordingReaderOutput.Emitted::watermark).filter(Objects::nonNull).toList();
    }

    private static void pollUntil(LiveFeedSourceReader reader, RecordingReaderOutput output,
            Predicate<RecordingReaderOutput> done) throws Exception {
        output.pollUntil(reader, TIMEOUT, done);
    }
}
