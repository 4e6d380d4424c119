package io.candlestream.simulator.ws;

import io.candlestream.simulator.DaemonThreadFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection of the WebSocket server: a reader thread (handshake, then client frames, whose complete
 * messages go to the protocol), a writer thread draining a FIFO outbox (so publishing never blocks on a slow client
 * and frames keep their order), and a keep-alive task (pings, pong timeout, age limit, close handshake timeout). The
 * protocol sees it as the handle to reply on, to close with a code, and to its session.
 *
 * @param <S> the protocol's per-connection state
 */
public final class WsConnection<S> {

    private static final System.Logger LOG = System.getLogger(WsConnection.class.getName());
    /** A client that lets this many frames pile up is dropped, as exchanges drop slow consumers. */
    private static final int MAX_QUEUED_FRAMES = 200_000;
    private static final Outbound STOP = new Outbound(new byte[0], true);

    private record Outbound(byte[] bytes, boolean thenClose) {
    }

    private final long id;
    private final Socket socket;
    private final WsServer<S, ?> server;
    private final WsSettings settings;
    private final WsStats stats;
    private final WsProtocol<S, ?> protocol;
    private final BlockingQueue<Outbound> outbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private volatile S session;
    private volatile String subprotocol;
    private volatile long openedNanos;
    private volatile long closeSentNanos;
    private volatile long silencedUntilNanos;
    private volatile long lastPingNanos;
    private volatile long awaitingPongSinceNanos; // 0 = no ping outstanding
    private volatile ScheduledFuture<?> keepAlive;
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean midFrame; // a stalled frame's tail is still to come: no other frame may be queued

    WsConnection(long id, Socket socket, WsServer<S, ?> server, WsSettings settings, WsStats stats,
            WsProtocol<S, ?> protocol) {
        this.id = id;
        this.socket = socket;
        this.server = server;
        this.settings = settings;
        this.stats = stats;
        this.protocol = protocol;
    }

    /** Starts the reader thread, which performs the handshake and then serves the connection. */
    void start() {
        DaemonThreadFactory.start("sim-ws-" + id + "-reader", this::readLoop);
    }

    /** The protocol's state of this connection, as its {@link WsProtocol#accept} created it. */
    public S session() {
        return session;
    }

    /** The subprotocol selected in the handshake, or null. */
    public String subprotocol() {
        return subprotocol;
    }

    /** Frames (and control messages) queued for the socket and not yet written. */
    int queuedFrames() {
        return outbox.size();
    }

    /** Whether an event frame may be sent here now: open, no close frame sent, not silenced. */
    boolean acceptsEvents() {
        return !closed.get() && !closeSent.get() && !isSilenced();
    }

    /**
     * Queues an event's text frame unless the connection is closing or silenced, dropping a client too slow to keep up;
     * returns whether it was queued.
     */
    boolean sendEvent(String text) {
        return sendEvent(WsFrameCodec.text(text));
    }

    /** Queues an event's frame as binary (the binary-frame fault); same rules as {@link #sendEvent(String)}. */
    boolean sendEventAsBinary(String text) {
        return sendEvent(WsFrameCodec.encode(WsFrame.OP_BINARY, text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Queues the first half of an event's frame, stays silent for {@code wallNanos} and then queues the rest, so the
     * client stalls inside the frame; returns whether the frame was started.
     */
    boolean sendEventStalled(String text, long wallNanos) {
        ScheduledExecutorService timer = scheduler;
        if (timer == null || !acceptsEvents()) {
            return false;
        }
        byte[] frame = WsFrameCodec.text(text);
        int half = frame.length / 2;
        byte[] head = Arrays.copyOfRange(frame, 0, half);
        byte[] tail = Arrays.copyOfRange(frame, half, frame.length);
        // Silent until the tail is queued, from before the head is: nothing may slip in between the two halves.
        midFrame = true;
        awaitingPongSinceNanos = 0;
        silencedUntilNanos = System.nanoTime() + TimeUnit.DAYS.toNanos(365);
        outbox.add(new Outbound(head, false));
        timer.schedule(() -> {
            if (!closed.get()) {
                outbox.add(new Outbound(tail, false));
            }
            midFrame = false;
            silencedUntilNanos = System.nanoTime();
        }, wallNanos, TimeUnit.NANOSECONDS);
        return true;
    }

    private boolean sendEvent(byte[] frame) {
        if (closed.get() || closeSent.get() || isSilenced()) {
            return false;
        }
        if (outbox.size() >= MAX_QUEUED_FRAMES) {
            LOG.log(System.Logger.Level.WARNING, "ws connection {0}: client too slow, {1} frames queued; dropping it",
                    id, MAX_QUEUED_FRAMES);
            closeAbruptly();
            return false;
        }
        outbox.add(new Outbound(frame, false));
        return true;
    }

    /**
     * Sends a close frame with {@code code} (RFC 6455 §7.4) and waits up to the close timeout for the client's; nothing
     * else is sent after it. During a stalled frame (the STALL_MID_FRAME fault) the connection is reset instead.
     */
    public void closeWithFrame(int code, String reason) {
        if (midFrame) {
            closeAbruptly(); // a close frame cannot go inside a stalled frame; the connection is reset instead
            return;
        }
        if (!closed.get() && closeSent.compareAndSet(false, true)) {
            closeSentNanos = System.nanoTime();
            outbox.add(new Outbound(WsFrameCodec.close(code, reason), false));
        }
    }

    /** Resets the TCP connection: no close frame, SO_LINGER 0 so the peer gets an RST. */
    public void closeAbruptly() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed by the peer; closing below is all that is left to do.
        }
        closeSocket();
    }

    /** Sends nothing at all (no frames, no pings) for {@code wallNanos}; events published meanwhile are lost here. */
    void silence(long wallNanos) {
        if (midFrame) {
            return; // already silent until the stalled frame's tail is sent
        }
        awaitingPongSinceNanos = 0; // a ping sent before the silence must not time out because of it
        silencedUntilNanos = System.nanoTime() + wallNanos;
    }

    private boolean isSilenced() {
        return System.nanoTime() - silencedUntilNanos < 0;
    }

    private void readLoop() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            WsHandshake.Parsed parsed;
            WsAcceptance<S> acceptance;
            try {
                parsed = WsHandshake.read(in);
                acceptance = protocol.accept(parsed.request());
            } catch (WsRejected rejected) {
                out.write(WsHandshake.reject(rejected));
                out.flush();
                closeSocket();
                return;
            }
            String selected = acceptance.subprotocol();
            if (selected != null && !parsed.request().subprotocols().contains(selected)) {
                throw new IllegalStateException("the protocol selected subprotocol '" + selected
                        + "', which the client did not offer (offered: " + parsed.request().subprotocols() + ")");
            }
            session = acceptance.session();
            subprotocol = selected;
            out.write(WsHandshake.accept(parsed.key(), selected));
            out.flush();
            openedNanos = System.nanoTime();
            lastPingNanos = openedNanos;
            DaemonThreadFactory.start("sim-ws-" + id + "-writer", () -> writeLoop(out));
            server.opened(this);
            serveFrames(in);
        } catch (WsProtocolException e) {
            LOG.log(System.Logger.Level.DEBUG, "ws connection {0}: protocol error: {1}", id, e.getMessage());
            closeWithFrame(e.closeCode(), e.getMessage());
        } catch (IOException e) {
            closeSocket(); // the peer went away or the socket was closed under us: the connection is over
        } catch (RuntimeException e) {
            stats.internalError();
            LOG.log(System.Logger.Level.ERROR, "ws connection " + id + " failed", e);
            closeAbruptly();
        }
    }

    private void serveFrames(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = -1;
        while (!closed.get()) {
            WsFrame frame = WsFrameCodec.read(in);
            switch (frame.opcode()) {
                case WsFrame.OP_PING -> queueControl(WsFrame.OP_PONG, frame.payload());
                case WsFrame.OP_PONG -> {
                    awaitingPongSinceNanos = 0;
                    stats.pongReceived();
                }
                case WsFrame.OP_CLOSE -> {
                    onClientClose(frame.payload());
                    return;
                }
                case WsFrame.OP_TEXT, WsFrame.OP_BINARY -> {
                    if (messageOpcode != -1) {
                        throw new WsProtocolException(WsFrameCodec.CLOSE_PROTOCOL_ERROR,
                                "new data frame while a fragmented message is unfinished");
                    }
                    messageOpcode = frame.opcode();
                    message.reset();
                    WsFrameCodec.append(message, frame.payload());
                }
                case WsFrame.OP_CONTINUATION -> {
                    if (messageOpcode == -1) {
                        throw new WsProtocolException(WsFrameCodec.CLOSE_PROTOCOL_ERROR,
                                "continuation frame without a message to continue");
                    }
                    WsFrameCodec.append(message, frame.payload());
                }
                default -> throw new WsProtocolException(WsFrameCodec.CLOSE_PROTOCOL_ERROR,
                        "unexpected opcode " + frame.opcode());
            }
            if (!frame.isControl() && frame.fin()) {
                if (messageOpcode == WsFrame.OP_TEXT) {
                    protocol.onText(this, message.toString(StandardCharsets.UTF_8));
                } else {
                    protocol.onBinary(this, message.toByteArray());
                }
                messageOpcode = -1;
            }
        }
    }

    /**
     * Queues a reply (a text frame) unless the connection is closing or silenced: a silenced connection stays silent.
     * Replies are not events, so they never count as event frames and never drop a slow client.
     */
    public void sendText(String text) {
        if (!closed.get() && !closeSent.get() && !isSilenced()) {
            outbox.add(new Outbound(WsFrameCodec.text(text), false));
        }
    }

    /** Queues a binary reply, with the same rules as {@link #sendText}. */
    public void sendBinary(byte[] payload) {
        if (!closed.get() && !closeSent.get() && !isSilenced()) {
            outbox.add(new Outbound(WsFrameCodec.encode(WsFrame.OP_BINARY, payload), false));
        }
    }

    private void queueControl(int opcode, byte[] payload) {
        if (!closed.get() && !closeSent.get() && !isSilenced()) {
            outbox.add(new Outbound(WsFrameCodec.encode(opcode, payload), false));
        }
    }

    private void onClientClose(byte[] payload) {
        if (midFrame) {
            closeSocket(); // the echo cannot go inside a stalled frame
            return;
        }
        if (closeSent.compareAndSet(false, true)) {
            // Echo the client's code (RFC 6455 §5.5.1), then end the TCP connection once it is written.
            int code = payload.length >= 2 ? ByteBuffer.wrap(payload).getShort() & 0xFFFF : WsFrameCodec.CLOSE_NORMAL;
            outbox.add(new Outbound(WsFrameCodec.close(code, ""), true));
        } else {
            closeSocket(); // the client answered our close frame
        }
    }

    private void writeLoop(OutputStream out) {
        try {
            while (true) {
                Outbound next = outbox.take();
                if (next == STOP || closed.get()) {
                    return;
                }
                out.write(next.bytes());
                if (outbox.isEmpty()) {
                    out.flush();
                }
                if (next.thenClose()) {
                    closeSocket();
                    return;
                }
            }
        } catch (IOException e) {
            closeSocket();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeSocket();
        }
    }

    /** Schedules the keep-alive task; called once the connection is registered. */
    void scheduleKeepAlive(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        long tick = settings.tickMillis();
        keepAlive = scheduler.scheduleAtFixedRate(this::keepAliveTick, tick, tick, TimeUnit.MILLISECONDS);
        if (closed.get()) {
            keepAlive.cancel(false);
        }
    }

    private void keepAliveTick() {
        try {
            long now = System.nanoTime();
            if (closed.get()) {
                return;
            }
            if (closeSent.get()) {
                if (now - closeSentNanos > settings.closeTimeout().toNanos()) {
                    closeAbruptly(); // the client never answered our close frame
                }
                return;
            }
            if (now - openedNanos >= settings.maxConnectionAge().toNanos()) {
                stats.ageLimitClose();
                closeWithFrame(WsFrameCodec.CLOSE_GOING_AWAY, "connection age limit reached");
                return;
            }
            if (isSilenced()) {
                return;
            }
            long awaiting = awaitingPongSinceNanos;
            if (awaiting != 0 && now - awaiting > settings.pongTimeout().toNanos()) {
                stats.pongTimeout();
                LOG.log(System.Logger.Level.DEBUG, "ws connection {0}: no pong within {1}; closing", id,
                        settings.pongTimeout());
                closeAbruptly();
                return;
            }
            if (now - lastPingNanos >= settings.pingInterval().toNanos()) {
                lastPingNanos = now;
                if (awaiting == 0) {
                    awaitingPongSinceNanos = now;
                }
                queueControl(WsFrame.OP_PING, Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
                stats.pingSent();
            }
        } catch (RuntimeException e) {
            // A failing keep-alive task would be silently cancelled by the scheduler; count it and drop the connection.
            stats.internalError();
            LOG.log(System.Logger.Level.ERROR, "ws connection " + id + " keep-alive failed", e);
            closeAbruptly();
        }
    }

    /** Ends the connection (idempotent): closes the socket, stops the writer and the keep-alive task. */
    void closeSocket() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "ws connection {0}: close failed: {1}", id, e.getMessage());
        }
        outbox.clear();
        outbox.add(STOP);
        ScheduledFuture<?> task = keepAlive;
        if (task != null) {
            task.cancel(false);
        }
        server.closed(this);
    }

    /** The connection's number, unique within its server. */
    public long id() {
        return id;
    }
}
