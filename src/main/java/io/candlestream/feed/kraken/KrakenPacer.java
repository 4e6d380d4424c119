package io.candlestream.feed.kraken;

import io.candlestream.history.RequestPacer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import okhttp3.Headers;

/**
 * Kraken's call counter, kept on the client's side so the exchange's stays below its maximum: every request raises it
 * by its cost, it decays by {@code requestsPerSecond / sharers} per second, and a request that would lift it above
 * {@code burst / sharers} (at least one) waits until it has decayed enough. Kraken reports no usage in its answers,
 * so nothing is learned from them; a rate limit that comes anyway is the client's {@code HostPauses}. Thread-safe.
 */
final class KrakenPacer implements RequestPacer {

    /**
     * The pacers every Kraken client of the job in this JVM shares, per {@code host:port}: Kraken counts calls per IP,
     * and the enumerator's, the readers' and the backfill's clients of one TaskManager share it; like
     * {@code HostPauses.IN_THIS_JVM}, the one place such state is kept. The first client's limits win.
     */
    private static final ConcurrentMap<String, KrakenPacer> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final double perMilli;
    private final double maximum;
    private final LongSupplier clock;
    private double counter; // guarded by this
    private long updatedAt = Long.MIN_VALUE; // guarded by this

    /** @param clock epoch or monotonic milliseconds */
    KrakenPacer(KrakenHistoryOptions options, int sharers, LongSupplier clock) {
        if (sharers < 1) {
            throw new IllegalArgumentException("sharers must be at least 1, was " + sharers);
        }
        this.perMilli = options.requestsPerSecond() / sharers / 1000.0;
        this.maximum = Math.max(1.0, (double) options.burst() / sharers);
        this.clock = clock;
    }

    /** The pacer of {@code host} shared by this JVM's clients. */
    static KrakenPacer inThisJvm(String host, KrakenHistoryOptions options, int sharers) {
        return IN_THIS_JVM.computeIfAbsent(host, h -> new KrakenPacer(options, sharers, System::currentTimeMillis));
    }

    @Override
    public synchronized Admission admit(int cost, Runnable onRelease) {
        long now = clock.getAsLong();
        decay(now);
        if (counter > 0 && counter + cost > maximum) {
            long wait = (long) Math.ceil((counter + cost - maximum) / perMilli);
            return new Admission(Math.max(1, wait), 0);
        }
        counter += cost;
        return Admission.go(0);
    }

    @Override
    public List<Runnable> release(Admission admission, int cost, Headers headers) {
        return List.of();
    }

    /** The counter now (for tests and logs). */
    synchronized double counter() {
        decay(clock.getAsLong());
        return counter;
    }

    private void decay(long now) {
        if (updatedAt != Long.MIN_VALUE && now > updatedAt) {
            counter = Math.max(0, counter - (now - updatedAt) * perMilli);
        }
        updatedAt = Math.max(updatedAt, now);
    }
}
