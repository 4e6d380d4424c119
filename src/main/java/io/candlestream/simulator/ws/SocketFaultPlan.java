package io.candlestream.simulator.ws;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which socket fault, if any, hits the next published event frame: faults queued on demand first, then the periodic
 * schedule (every N frames, kinds in round robin). Thread-safe; {@link #nextFrameFault()} is called by the publisher.
 */
public final class SocketFaultPlan {

    public static final Duration DEFAULT_SILENCE = Duration.ofSeconds(2);
    public static final int DEFAULT_BURST_FRAMES = 20_000;

    private final Queue<SocketFault> pending = new ConcurrentLinkedQueue<>();
    private volatile Duration silence = DEFAULT_SILENCE;
    private volatile int burstFrames = DEFAULT_BURST_FRAMES;
    private int everyFrames;
    private List<SocketFault> periodicKinds = List.of();
    private long framesSincePeriodic;
    private int nextPeriodicKind;

    /** Queues {@code kind} for the next {@code times} published frames. */
    public void enqueue(SocketFault kind, int times) {
        Objects.requireNonNull(kind, "kind");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        for (int i = 0; i < times; i++) {
            pending.add(kind);
        }
    }

    /** Every {@code frames} published frames, inject the next of {@code kinds}. */
    public synchronized void every(int frames, Duration silenceFor, List<SocketFault> kinds) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1, was " + frames);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("kinds must name at least one SocketFault");
        }
        silence(silenceFor);
        everyFrames = frames;
        periodicKinds = List.copyOf(kinds);
        framesSincePeriodic = 0;
        nextPeriodicKind = 0;
    }

    public synchronized void stopPeriodic() {
        everyFrames = 0;
        periodicKinds = List.of();
    }

    /** How long a SILENCE fault lasts (wall time). */
    public void silence(Duration silenceFor) {
        if (silenceFor.isNegative() || silenceFor.isZero()) {
            throw new IllegalArgumentException("silence must be > 0, was " + silenceFor);
        }
        silence = silenceFor;
    }

    public Duration silence() {
        return silence;
    }

    /** How many copies of the frame a BURST fault sends. */
    public void burstFrames(int frames) {
        if (frames < 2) {
            throw new IllegalArgumentException("burst frames must be >= 2, was " + frames);
        }
        burstFrames = frames;
    }

    public int burstFrames() {
        return burstFrames;
    }

    /** The fault for the frame about to be published, or null; each call counts one frame. */
    public synchronized SocketFault nextFrameFault() {
        SocketFault queued = pending.poll();
        if (queued != null) {
            return queued;
        }
        if (everyFrames > 0 && ++framesSincePeriodic >= everyFrames) {
            framesSincePeriodic = 0;
            SocketFault kind = periodicKinds.get(nextPeriodicKind);
            nextPeriodicKind = (nextPeriodicKind + 1) % periodicKinds.size();
            return kind;
        }
        return null;
    }
}
