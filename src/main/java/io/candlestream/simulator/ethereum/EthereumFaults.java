package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.SimulatorFaults;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Faults of the simulated node on demand: the transport's socket and HTTP faults ({@link #transport()}: aborts, close
 * frames, silence, duplicated/corrupt/binary frames, 429 with {@code Retry-After}, 5xx, slow answers) and the node's
 * own: silent subscriptions, logs before their header, {@code eth_getLogs} range limits, 429 without
 * {@code Retry-After} and the body of a 5xx. Reorgs are on {@link EthereumSimulator#reorg}. Thread-safe; every
 * injected fault is counted in {@link EthereumStats}.
 */
public final class EthereumFaults {

    /** What a load balancer's 5xx answer carries. */
    public enum ErrorBody {
        /** An nginx-style HTML page. */
        HTML,
        /** Nothing at all. */
        EMPTY
    }

    private volatile SimulatorFaults transport; // set once by the simulator, which builds the servers after this
    private final Map<SubscriptionKind, Long> silentUntilNanos = new EnumMap<>(SubscriptionKind.class); // guarded by this
    private int logsBeforeHeaderBlocks; // guarded by this
    private int bareTooManyRequests; // guarded by this
    private volatile RangeLimit rangeLimit = RangeLimit.none();
    private volatile ErrorBody errorBody = ErrorBody.HTML;

    EthereumFaults() {
    }

    /** Wires the transport's faults, once the servers they act on exist. */
    void attach(SimulatorFaults transportFaults) {
        this.transport = Objects.requireNonNull(transportFaults, "transportFaults");
    }

    /**
     * The transport's faults: {@code closeAbruptly()}, {@code closeGoingAway()}, {@code silence(d)},
     * {@code duplicateNextFrames(n)} (duplicated notifications), {@code corruptNextFrames(n)}, {@code binaryNextFrames(n)},
     * {@code burstNextFrame(n)}, {@code stallNextFramesMidway(n)}, {@code every(n, kinds)}, {@code tooManyRequests(n,
     * retryAfter)}, {@code serverErrors(n, status)} and {@code slowPages(n, delay)} (slow HTTP answers).
     */
    public SimulatorFaults transport() {
        return transport;
    }

    /**
     * For {@code duration} of wall time no notification of {@code kinds} is sent on any connection; the sockets stay
     * open, answer pings and calls, and the other kind keeps flowing. The notifications missed are lost, as when a
     * node's subscription silently dies.
     */
    public synchronized EthereumFaults silentSubscriptions(Duration duration, SubscriptionKind... kinds) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        if (kinds.length == 0) {
            throw new IllegalArgumentException("kinds: name NEW_HEADS, LOGS or both");
        }
        long until = System.nanoTime() + duration.toNanos();
        for (SubscriptionKind kind : kinds) {
            silentUntilNanos.put(kind, until);
        }
        return this;
    }

    /** Ends every silent subscription now. */
    public synchronized EthereumFaults endSilentSubscriptions() {
        silentUntilNanos.clear();
        return this;
    }

    /** The next {@code blocks} new blocks send their logs before their header. */
    public synchronized EthereumFaults logsBeforeHeader(int blocks) {
        logsBeforeHeaderBlocks = positive(blocks, "blocks");
        return this;
    }

    /** From now on {@code eth_getLogs} is limited in one provider's shape; {@link RangeLimit#none()} lifts it. */
    public EthereumFaults rangeLimit(RangeLimit limit) {
        this.rangeLimit = Objects.requireNonNull(limit, "limit");
        return this;
    }

    /**
     * The next {@code requests} HTTP requests answer 429 without {@code Retry-After} (with it: {@code
     * transport().tooManyRequests}).
     */
    public synchronized EthereumFaults tooManyRequestsWithoutRetryAfter(int requests) {
        bareTooManyRequests = positive(requests, "requests");
        return this;
    }

    /** The body of injected 5xx answers ({@code transport().serverErrors}): an HTML page (default) or nothing. */
    public EthereumFaults serverErrorBody(ErrorBody body) {
        this.errorBody = Objects.requireNonNull(body, "body");
        return this;
    }

    synchronized boolean silenced(SubscriptionKind kind) {
        Long until = silentUntilNanos.get(kind);
        return until != null && System.nanoTime() - until < 0;
    }

    synchronized boolean takeLogsBeforeHeader() {
        if (logsBeforeHeaderBlocks > 0) {
            logsBeforeHeaderBlocks--;
            return true;
        }
        return false;
    }

    synchronized boolean takeBareTooManyRequests() {
        if (bareTooManyRequests > 0) {
            bareTooManyRequests--;
            return true;
        }
        return false;
    }

    RangeLimit rangeLimit() {
        return rangeLimit;
    }

    ErrorBody errorBody() {
        return errorBody;
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
        return value;
    }
}
