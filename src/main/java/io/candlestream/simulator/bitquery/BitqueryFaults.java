package io.candlestream.simulator.bitquery;

import io.candlestream.simulator.SimulatorFaults;
import io.candlestream.simulator.ws.WsServer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Faults of the Bitquery simulator on demand: the transports' (aborts, close frames, silence, duplicated frames,
 * 429/5xx/slow queries, through {@link SimulatorFaults}) and Bitquery's own: close 1013 "consuming too slowly"
 * ({@code docs/subscriptions/silent-disconnect-reconnect.md}) and reordered block portions ("You do not have control
 * over the sequence in which this data will arrive", {@code docs/subscriptions/websockets.md}). Every fault is
 * counted in {@link BitqueryStats}, and a reorganisation of the newest realtime blocks ({@code
 * docs/graphql/dataset/realtime.md}: "the last blocks in the real time database are not finalized"). Thread-safe.
 */
public final class BitqueryFaults {

    /** Close code 1013 "Try Again Later", which Bitquery sends to a consumer that falls behind. */
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final SimulatorFaults transport;
    private final WsServer<GraphqlWsSession, BlockPortion> wsServer;
    private final PortionPublisher publisher;
    private final BitqueryStats stats;
    private final IntConsumer reorg;

    BitqueryFaults(SimulatorFaults transport, WsServer<GraphqlWsSession, BlockPortion> wsServer,
            PortionPublisher publisher, BitqueryStats stats, IntConsumer reorg) {
        this.reorg = reorg;
        this.transport = transport;
        this.wsServer = wsServer;
        this.publisher = publisher;
        this.stats = stats;
    }

    /** Resets every open WebSocket connection now (TCP RST, no close frame). */
    public BitqueryFaults closeAbruptly() {
        transport.closeAbruptly();
        return this;
    }

    /** Sends close frame 1001 "going away" on every open connection now. */
    public BitqueryFaults closeGoingAway() {
        transport.closeGoingAway();
        return this;
    }

    /** Sends close frame 1013 "client is not consuming messages fast enough" on every open connection now. */
    public BitqueryFaults closeConsumingTooSlowly() {
        wsServer.forEachConnection(connection -> {
            stats.tooSlowClose();
            connection.closeWithFrame(CLOSE_TRY_AGAIN_LATER, "client is not consuming messages fast enough");
        });
        return this;
    }

    /**
     * Sends nothing on any open connection for {@code duration} of wall time: no portions, no {@code ka} or
     * {@code pong}, no pings; portions published meanwhile are lost to them, as on a dead stream.
     */
    public BitqueryFaults silence(Duration duration) {
        transport.silence(duration);
        return this;
    }

    /** The next {@code portions} block portions are each sent twice (on every subscribed connection). */
    public BitqueryFaults duplicateNextPortions(int portions) {
        transport.duplicateNextFrames(portions);
        return this;
    }

    /** The next {@code pairs} due block portions are each sent after their successor (two blocks swapped). */
    public BitqueryFaults reorderNextPortions(int pairs) {
        publisher.reorderNext(pairs);
        return this;
    }

    /**
     * Reorganises the newest {@code depth} mined blocks with swaps (all still in the realtime dataset): they get new
     * hashes, the newest loses its last swap when it has several, queries see the new branch and subscribers receive
     * its portions again at once; {@link BitquerySimulator#allSwaps()} is the new chain. Refused (an
     * IllegalStateException) when the depth reaches an archived block.
     */
    public BitqueryFaults reorgNewestBlocks(int depth) {
        reorg.accept(depth);
        return this;
    }

    /** The next {@code requests} HTTP queries answer 429 with {@code Retry-After} (whole seconds, at least 1). */
    public BitqueryFaults tooManyRequests(int requests, Duration retryAfter) {
        transport.tooManyRequests(requests, Objects.requireNonNull(retryAfter, "retryAfter"));
        return this;
    }

    /** The next {@code requests} HTTP queries answer {@code status} (500, 502, 503 or 504). */
    public BitqueryFaults serverErrors(int requests, int status) {
        transport.serverErrors(requests, status);
        return this;
    }

    /** The next {@code queries} HTTP queries are answered after {@code delay}, without holding up other requests. */
    public BitqueryFaults slowQueries(int queries, Duration delay) {
        transport.slowPages(queries, delay);
        return this;
    }

    /** The transports' fault facade, for the socket faults this class does not name (corrupt or binary frames). */
    public SimulatorFaults transport() {
        return transport;
    }
}
