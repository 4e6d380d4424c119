package io.candlestream.simulator.ws;

import io.candlestream.simulator.DaemonThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A WebSocket server on a random loopback port that knows no feed: it accepts the connections its protocol accepts,
 * fans each published event out to the connections the protocol frames it for, and applies the socket faults.
 *
 * @param <S> the protocol's per-connection state
 * @param <E> the events published
 */
public final class WsServer<S, E> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WsServer.class.getName());

    private final WsSettings settings;
    private final SocketFaultPlan faultPlan;
    private final WsStats stats;
    private final WsProtocol<S, E> protocol;
    private final Map<Long, WsConnection<S>> connections = new ConcurrentHashMap<>();
    private final Map<Long, WsConnection<S>> pendingHandshakes = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ScheduledExecutorService keepAliveScheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-ws-keepalive"));
    private volatile ServerSocket serverSocket;
    private volatile boolean closing;

    public WsServer(WsSettings settings, SocketFaultPlan faultPlan, WsStats stats, WsProtocol<S, E> protocol) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.faultPlan = Objects.requireNonNull(faultPlan, "faultPlan");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** Binds to a random port on the loopback address and starts accepting connections. */
    public void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        serverSocket = socket;
        DaemonThreadFactory.start("sim-ws-acceptor", this::acceptLoop);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                long id = connectionIds.incrementAndGet();
                WsConnection<S> connection = new WsConnection<>(id, socket, this, settings, stats, protocol);
                pendingHandshakes.put(id, connection);
                connection.start();
            } catch (IOException e) {
                if (!closing) {
                    stats.internalError();
                    LOG.log(System.Logger.Level.ERROR, "ws accept failed", e);
                }
            }
        }
    }

    /** Called by a connection once its handshake succeeded. */
    void opened(WsConnection<S> connection) {
        pendingHandshakes.remove(connection.id());
        stats.connectionAccepted();
        connections.put(connection.id(), connection);
        connection.scheduleKeepAlive(keepAliveScheduler);
        if (closing) {
            connection.closeSocket();
        }
    }

    /** Called by a connection when it ended, whoever ended it. */
    void closed(WsConnection<?> connection) {
        pendingHandshakes.remove(connection.id());
        if (connections.remove(connection.id()) != null) {
            stats.connectionClosed();
        }
    }

    /** Whether a connection that may receive events now has a session matching {@code wanted}. */
    public boolean anyConnection(Predicate<? super S> wanted) {
        return connections.values().stream().anyMatch(c -> c.acceptsEvents() && wanted.test(c.session()));
    }

    /**
     * Frames queued for its socket on the fullest connection that may receive events now and whose session matches
     * {@code wanted}, or -1 when there is none: the send-queue back-pressure a firehose publishes against.
     */
    public int maxQueuedFrames(Predicate<? super S> wanted) {
        int max = -1;
        for (WsConnection<S> connection : connections.values()) {
            if (connection.acceptsEvents() && wanted.test(connection.session())) {
                max = Math.max(max, connection.queuedFrames());
            }
        }
        return max;
    }

    /**
     * The sessions of the connections that may receive events now (open, no close frame sent, not silenced), a
     * snapshot: a protocol with per-connection subscriptions publishes one event per subscription it finds here.
     */
    public List<S> sessions() {
        return connections.values().stream().filter(WsConnection::acceptsEvents).map(WsConnection::session).toList();
    }

    private record Recipient<S>(WsConnection<S> connection, String text) {
    }

    /**
     * Sends {@code event} to every connection the protocol frames it for, applying the fault due for this frame (one
     * fault per event, on every recipient; an event nobody receives consumes no fault).
     */
    public void publish(E event) {
        stats.tradePublished();
        List<Recipient<S>> recipients = new ArrayList<>();
        for (WsConnection<S> connection : connections.values()) {
            if (connection.acceptsEvents()) {
                String text = protocol.frame(connection.session(), event);
                if (text != null) {
                    recipients.add(new Recipient<>(connection, text));
                }
            }
        }
        if (recipients.isEmpty()) {
            return;
        }
        SocketFault fault = faultPlan.nextFrameFault();
        for (Recipient<S> recipient : recipients) {
            WsConnection<S> connection = recipient.connection();
            String text = recipient.text();
            if (fault == null) {
                send(connection, text);
                continue;
            }
            stats.socketFault(fault);
            switch (fault) {
                case ABRUPT_CLOSE -> connection.closeAbruptly();
                case CLOSE_FRAME -> connection.closeWithFrame(WsFrameCodec.CLOSE_GOING_AWAY, "going away");
                case SILENCE -> connection.silence(faultPlan.silence().toNanos());
                // Half a JSON object never parses, and the event is lost on this connection as the fault promises.
                case CORRUPT_FRAME -> send(connection, text.substring(0, text.length() / 2));
                case DUPLICATE_FRAME -> {
                    send(connection, text);
                    send(connection, text);
                }
                case BINARY_FRAME -> {
                    if (connection.sendEventAsBinary(text)) {
                        stats.tradeFrameSent();
                    }
                }
                case STALL_MID_FRAME -> {
                    if (connection.sendEventStalled(text, faultPlan.silence().toNanos())) {
                        stats.tradeFrameSent();
                    }
                }
                case BURST -> {
                    for (int i = 0; i < faultPlan.burstFrames(); i++) {
                        send(connection, text);
                    }
                }
            }
        }
    }

    private void send(WsConnection<S> connection, String text) {
        if (connection.sendEvent(text)) {
            stats.tradeFrameSent();
        }
    }

    /** Applies a connection-level fault (a reset, a close frame 1001, a silence) to every open connection now. */
    public void faultAll(SocketFault fault, Duration silence) {
        if (fault != SocketFault.ABRUPT_CLOSE && fault != SocketFault.CLOSE_FRAME && fault != SocketFault.SILENCE) {
            throw new IllegalArgumentException("fault: " + fault
                    + " applies to a frame, not to a connection; expected ABRUPT_CLOSE, CLOSE_FRAME or SILENCE");
        }
        for (WsConnection<S> connection : connections.values()) {
            stats.socketFault(fault);
            switch (fault) {
                case ABRUPT_CLOSE -> connection.closeAbruptly();
                case CLOSE_FRAME -> connection.closeWithFrame(WsFrameCodec.CLOSE_GOING_AWAY, "going away");
                default -> connection.silence(silence.toNanos());
            }
        }
    }

    /**
     * Calls {@code action} for every connection that may receive events now (open, not closing, not silenced), for a
     * protocol's own messages to all of them (keep-alives) or its own close codes.
     */
    public void forEachConnection(Consumer<? super WsConnection<S>> action) {
        for (WsConnection<S> connection : connections.values()) {
            if (connection.acceptsEvents()) {
                action.accept(connection);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        ServerSocket socket = serverSocket;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the ws server socket: {0}", e.getMessage());
            }
        }
        pendingHandshakes.values().forEach(WsConnection::closeSocket);
        connections.values().forEach(WsConnection::closeSocket);
        keepAliveScheduler.shutdownNow();
    }
}
