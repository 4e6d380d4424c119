package io.candlestream.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Binance-protocol WebSocket server on a random loopback port: accepts connections, fans each published trade out
 * to the connections subscribed to its stream, and applies socket faults.
 */
final class WsServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WsServer.class.getName());

    private final WsSettings settings;
    private final SocketFaultPlan faultPlan;
    private final SimulatorStats stats;
    private final WsControlRequests requests;
    private final Map<Long, WsConnection> connections = new ConcurrentHashMap<>();
    private final Map<Long, WsConnection> pendingHandshakes = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ScheduledExecutorService keepAliveScheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-ws-keepalive"));
    private volatile ServerSocket serverSocket;
    private volatile boolean closing;

    WsServer(WsSettings settings, SocketFaultPlan faultPlan, SimulatorStats stats, ObjectMapper mapper) {
        this.settings = settings;
        this.faultPlan = faultPlan;
        this.stats = stats;
        this.requests = new WsControlRequests(mapper);
    }

    void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        serverSocket = socket;
        DaemonThreadFactory.start("sim-ws-acceptor", this::acceptLoop);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                long id = connectionIds.incrementAndGet();
                WsConnection connection = new WsConnection(id, socket, this, settings, stats, requests);
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
    void opened(WsConnection connection) {
        pendingHandshakes.remove(connection.id());
        stats.connectionAccepted();
        connections.put(connection.id(), connection);
        connection.scheduleKeepAlive(keepAliveScheduler);
        if (closing) {
            connection.closeSocket();
        }
    }

    /** Called by a connection when it ended, whoever ended it. */
    void closed(WsConnection connection) {
        pendingHandshakes.remove(connection.id());
        if (connections.remove(connection.id()) != null) {
            stats.connectionClosed();
        }
    }

    /** Whether an open connection is subscribed to the aggregate trades of {@code symbol}. */
    boolean hasSubscriber(String symbol) {
        String stream = StreamNames.aggTrade(symbol);
        return connections.values().stream().anyMatch(c -> c.wants(stream));
    }

    /** Sends {@code trade} to every connection subscribed to its stream, applying the fault due for this frame. */
    void publish(SimTrade trade, long eventTimeMillis) {
        stats.tradePublished();
        String stream = StreamNames.aggTrade(trade.symbol());
        List<WsConnection> recipients = connections.values().stream().filter(c -> c.wants(stream)).toList();
        if (recipients.isEmpty()) {
            return;
        }
        String payload = BinanceWireFormat.aggTradeEvent(trade, eventTimeMillis);
        String wrapped = BinanceWireFormat.combined(stream, payload);
        SocketFault fault = faultPlan.nextFrameFault();
        for (WsConnection connection : recipients) {
            String text = connection.isCombined() ? wrapped : payload;
            if (fault == null) {
                send(connection, text);
                continue;
            }
            stats.socketFault(fault);
            switch (fault) {
                case ABRUPT_CLOSE -> connection.closeAbruptly();
                case CLOSE_FRAME -> connection.closeWithFrame(WsFrameCodec.CLOSE_GOING_AWAY, "going away");
                case SILENCE -> connection.silence(faultPlan.silence().toNanos());
                // Half a JSON object never parses, and the trade is lost on this connection as the fault promises.
                case CORRUPT_FRAME -> send(connection, text.substring(0, text.length() / 2));
                case DUPLICATE_FRAME -> {
                    send(connection, text);
                    send(connection, text);
                }
            }
        }
    }

    private void send(WsConnection connection, String text) {
        if (connection.sendText(text)) {
            stats.tradeFrameSent();
        }
    }

    /** Applies a connection-level fault to every open connection now. */
    void faultAll(SocketFault fault, Duration silence) {
        for (WsConnection connection : connections.values()) {
            stats.socketFault(fault);
            switch (fault) {
                case ABRUPT_CLOSE -> connection.closeAbruptly();
                case CLOSE_FRAME -> connection.closeWithFrame(WsFrameCodec.CLOSE_GOING_AWAY, "going away");
                case SILENCE -> connection.silence(silence.toNanos());
                default -> throw new IllegalArgumentException(fault + " applies to a frame, not to a connection");
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
