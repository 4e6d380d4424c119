package io.candlestream.simulator;

import io.candlestream.simulator.http.SimHttpServer;
import io.candlestream.simulator.ws.WsServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The life cycle every simulator shares: its WebSocket and HTTP servers on loopback, started once (both bound, then
 * the simulator's own flow started), their URLs only after that (the ports are random until they bind), and an
 * idempotent close that stops the flow before the servers. Thread-safe.
 */
public final class SimulatorServers implements AutoCloseable {

    private final WsServer<?, ?> ws;
    private final SimHttpServer http;
    private boolean started; // guarded by this
    private boolean closed; // guarded by this
    private Runnable stopFlow = () -> { };

    public SimulatorServers(WsServer<?, ?> ws, SimHttpServer http) {
        this.ws = ws;
        this.http = http;
    }

    /**
     * Binds both servers to random loopback ports, then runs {@code startFlow} (the clock, the publisher);
     * {@code stopFlow} runs first on {@link #close()}.
     *
     * @throws IllegalStateException when already started or closed
     * @throws UncheckedIOException when a server cannot bind (both are closed again)
     */
    public synchronized void start(Runnable startFlow, Runnable stopFlow) {
        if (closed) {
            throw new IllegalStateException("the simulator was closed; build a new one");
        }
        if (started) {
            throw new IllegalStateException("the simulator is already started");
        }
        started = true;
        this.stopFlow = stopFlow;
        try {
            ws.start();
            http.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot bind the simulator's servers on 127.0.0.1", e);
        }
        startFlow.run();
    }

    /** {@code ws://127.0.0.1:<port>}. */
    public String wsUrl() {
        requireStarted();
        return "ws://127.0.0.1:" + ws.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String httpUrl() {
        requireStarted();
        return "http://127.0.0.1:" + http.port();
    }

    /** Fails unless started and not closed: the servers get their ports, and the flow its clock, when they start. */
    public synchronized void requireStarted() {
        if (!started || closed) {
            throw new IllegalStateException("call start() first (and not after close()): the servers get their ports "
                    + "when they start");
        }
    }

    /** Stops the flow, then both servers, closing every connection. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopFlow.run();
        ws.close();
        http.close();
    }
}
