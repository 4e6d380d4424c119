package io.candlestream.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The simulated exchange's clock: simulated time = start + wall time elapsed since {@link #begin()} × speed.
 *
 * <p>Until the simulator starts the clock (it calls {@link #begin()} in {@code start()}), the time stands at the start
 * instant, so building a simulator does not consume simulated time. Thread-safe.
 */
public final class SimClock {

    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final long startMillis;
    private final double speed;
    private final LongSupplier nanoTime;
    private volatile long originNanos = NOT_STARTED;
    private volatile long skippedMillis;

    SimClock(Instant start, double speed, LongSupplier nanoTime) {
        Objects.requireNonNull(start, "start");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number > 0, was " + speed);
        }
        this.startMillis = start.toEpochMilli();
        this.speed = speed;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** A clock at real speed starting at the current wall-clock time (truncated to milliseconds). */
    public static SimClock realTime() {
        return new SimClock(Instant.ofEpochMilli(System.currentTimeMillis()), 1.0, System::nanoTime);
    }

    /** A clock at real speed starting at {@code start}. */
    public static SimClock startingAt(Instant start) {
        return new SimClock(start, 1.0, System::nanoTime);
    }

    /** A clock starting at {@code start} that runs {@code speed} times faster than the wall clock. */
    public static SimClock accelerated(Instant start, double speed) {
        return new SimClock(start, speed, System::nanoTime);
    }

    /** Starts the clock running (a simulator calls it in {@code start()}); later calls are ignored, so the origin is fixed once. */
    public synchronized void begin() {
        if (originNanos == NOT_STARTED) {
            originNanos = nanoTime.getAsLong();
        }
    }

    /** Simulated now, epoch milliseconds. */
    public long nowMillis() {
        long origin = originNanos;
        if (origin == NOT_STARTED) {
            return startMillis + skippedMillis;
        }
        double elapsedMillis = (nanoTime.getAsLong() - origin) / 1_000_000.0 * speed;
        return startMillis + skippedMillis + (long) Math.floor(elapsedMillis);
    }

    /**
     * Moves simulated time forward by {@code skipped} at once, on top of its running: the trades of the skipped period
     * take place now (a simulator publishes them and serves them as history at its next check), as if that much time
     * had passed in a moment. Lets a benchmark have an outage of minutes without waiting minutes. Time never goes
     * back: a negative duration is refused.
     */
    public synchronized void advance(Duration skipped) {
        Objects.requireNonNull(skipped, "skipped");
        if (skipped.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward; cannot advance by " + skipped);
        }
        skippedMillis += skipped.toMillis();
    }

    /** Simulated now. */
    public Instant now() {
        return Instant.ofEpochMilli(nowMillis());
    }

    /** The simulated instant the clock started at. */
    public Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    /** How many simulated milliseconds pass per wall millisecond. */
    public double speed() {
        return speed;
    }

    /**
     * Wall nanoseconds until simulated time reaches {@code simMillis} (0 when already reached); rounded up so a
     * wait of this length never wakes before the simulated instant.
     */
    long wallNanosUntil(long simMillis) {
        long origin = originNanos;
        if (origin == NOT_STARTED) {
            return Long.MAX_VALUE;
        }
        double targetElapsedNanos = (simMillis - startMillis - skippedMillis) * 1_000_000.0 / speed;
        double remaining = targetElapsedNanos - (nanoTime.getAsLong() - origin);
        return remaining <= 0 ? 0 : (long) Math.ceil(remaining) + 1;
    }

    @Override
    public String toString() {
        return "SimClock{start=" + start() + ", speed=" + speed + '}';
    }
}
