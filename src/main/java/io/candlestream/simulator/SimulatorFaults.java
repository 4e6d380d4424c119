package io.candlestream.simulator;

import io.candlestream.simulator.http.HttpFaultPlan;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.simulator.ws.SocketFaultPlan;
import io.candlestream.simulator.ws.WsServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Fault injection on demand: socket faults now (on every open connection) or on the next published frames, periodic
 * socket faults, and HTTP faults for the next requests; the same for every protocol's simulator. Thread-safe; every
 * injected fault is counted in {@link SimulatorStats}.
 */
public final class SimulatorFaults {

    private final SocketFaultPlan socketPlan;
    private final HttpFaultPlan restPlan;
    private final WsServer<?, ?> wsServer;

    public SimulatorFaults(SocketFaultPlan socketPlan, HttpFaultPlan restPlan, WsServer<?, ?> wsServer) {
        this.socketPlan = socketPlan;
        this.restPlan = restPlan;
        this.wsServer = wsServer;
    }

    /** Resets every open WebSocket connection now (TCP RST, no close frame). */
    public SimulatorFaults closeAbruptly() {
        wsServer.faultAll(SocketFault.ABRUPT_CLOSE, socketPlan.silence());
        return this;
    }

    /** Sends close frame 1001 "going away" on every open connection now. */
    public SimulatorFaults closeGoingAway() {
        wsServer.faultAll(SocketFault.CLOSE_FRAME, socketPlan.silence());
        return this;
    }

    /** Sends nothing on any open connection for {@code duration} of wall time; trades published meanwhile are lost to them. */
    public SimulatorFaults silence(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        wsServer.faultAll(SocketFault.SILENCE, duration);
        return this;
    }

    /** Applies {@code kind} to the next {@code frames} published trade frames (every recipient of each). */
    public SimulatorFaults atNextFrames(SocketFault kind, int frames) {
        socketPlan.enqueue(kind, frames);
        return this;
    }

    /** The next {@code frames} trade frames arrive as unparseable JSON. */
    public SimulatorFaults corruptNextFrames(int frames) {
        return atNextFrames(SocketFault.CORRUPT_FRAME, frames);
    }

    /** The next {@code frames} trade frames are sent twice. */
    public SimulatorFaults duplicateNextFrames(int frames) {
        return atNextFrames(SocketFault.DUPLICATE_FRAME, frames);
    }

    /** The next {@code frames} trade frames are sent as binary frames. */
    public SimulatorFaults binaryNextFrames(int frames) {
        return atNextFrames(SocketFault.BINARY_FRAME, frames);
    }

    /**
     * The next trade frame is sent {@code copies} times in a row (at least 2), enough to overflow a client's bounded
     * buffer; later BURST faults (queued or periodic) send as many.
     */
    public SimulatorFaults burstNextFrame(int copies) {
        socketPlan.burstFrames(copies);
        return atNextFrames(SocketFault.BURST, 1);
    }

    /**
     * The next {@code frames} trade frames stop halfway for the silence duration (see {@link #silenceDuration}) before
     * their rest is sent.
     */
    public SimulatorFaults stallNextFramesMidway(int frames) {
        return atNextFrames(SocketFault.STALL_MID_FRAME, frames);
    }

    /** How long a SILENCE or STALL_MID_FRAME applied to a frame (queued or periodic) lasts; default 2 s of wall time. */
    public SimulatorFaults silenceDuration(Duration duration) {
        socketPlan.silence(duration);
        return this;
    }

    /** Every {@code frames} published trade frames, injects the next of {@code kinds} (round robin). */
    public SimulatorFaults every(int frames, SocketFault... kinds) {
        socketPlan.every(frames, socketPlan.silence(), List.of(kinds));
        return this;
    }

    /** Stops the periodic socket faults. */
    public SimulatorFaults stopPeriodic() {
        socketPlan.stopPeriodic();
        return this;
    }

    /** The next {@code requests} REST requests answer 429 with {@code Retry-After} (whole seconds, at least 1). */
    public SimulatorFaults tooManyRequests(int requests, Duration retryAfter) {
        restPlan.tooManyRequests(requests, retryAfter);
        return this;
    }

    /** The next {@code requests} REST requests answer {@code status} (500, 502, 503 or 504). */
    public SimulatorFaults serverErrors(int requests, int status) {
        restPlan.serverErrors(requests, status);
        return this;
    }

    /** The next {@code pages} aggTrades pages are answered after {@code delay}, without holding up other requests. */
    public SimulatorFaults slowPages(int pages, Duration delay) {
        restPlan.slowPages(pages, delay);
        return this;
    }

    /** The next {@code pages} aggTrades pages of three or more trades leave out their middle trade. */
    public SimulatorFaults skipIdInPages(int pages) {
        restPlan.skipIdInPages(pages);
        return this;
    }
}
