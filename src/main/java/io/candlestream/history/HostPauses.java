package io.candlestream.history;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate-limit pauses per host ({@code host:port}), shared by every {@link HttpHistoryClient} handed the same instance:
 * a 429 told to one client holds back all of them, since they share one IP (Binance bans an IP, 418, when any of its
 * requests ignores a 429). Owned by whoever creates the clients and handed to them; tests and tools pass their own.
 * The job's operators take {@link #IN_THIS_JVM}: the backfill subtasks and source readers of one TaskManager share
 * one IP, and Flink gives them no other object in common. Thread-safe.
 */
public final class HostPauses {

    /**
     * The pauses every client of the job in this JVM (class loader) shares; the one place such state is kept, so it is
     * named here rather than hidden in a client.
     */
    public static final HostPauses IN_THIS_JVM = new HostPauses();

    private final LongSupplier clock;
    private final ConcurrentMap<String, AtomicLong> pausedUntil = new ConcurrentHashMap<>();

    /** Pauses on the wall clock. */
    public HostPauses() {
        this(System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds */
    public HostPauses(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Holds every request to {@code host} back for {@code millis} from now (a longer pause already set stays). */
    public void pause(String host, long millis) {
        long until = clock.getAsLong() + Math.max(0, millis);
        slot(host).accumulateAndGet(until, Math::max);
    }

    /** How long requests to {@code host} must still wait, 0 if they may go. */
    public long remainingMillis(String host) {
        AtomicLong until = pausedUntil.get(host);
        return until == null ? 0 : Math.max(0, until.get() - clock.getAsLong());
    }

    private AtomicLong slot(String host) {
        return pausedUntil.computeIfAbsent(Objects.requireNonNull(host, "host"), key -> new AtomicLong());
    }
}
