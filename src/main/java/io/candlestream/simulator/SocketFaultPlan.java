package io.candlestream.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which socket fault, if any, hits the next published trade frame: faults queued on demand first, then the periodic
 * schedule (every N frames, kinds in round robin). Thread-safe; {@link #nextFrameFault()} is called by the publisher.
 */
final class SocketFaultPlan {

    static final Duration DEFAULT_SILENCE = Duration.ofSeconds(2);

    private final Queue<SocketFault> pending = new ConcurrentLinkedQueue<>();
    private volatile Duration silence = DEFAULT_SILENCE;
    private int everyFrames;
    private List<SocketFault> periodicKinds = List.of();
    private long framesSincePeriodic;
    private int nextPeriodicKind;

    /** Queues {@code kind} for the next {@code times} published frames. */
    void enqueue(SocketFault kind, int times) {
        Objects.requireNonNull(kind, "kind");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        for (int i = 0; i < times; i++) {
            pending.add(kind);
        }
    }

    /** Every {@code frames} published frames, inject the next of {@code kinds}. */
    synchronized void every(int frames, Duration silenceFor, List<SocketFault> kinds) {
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

    synchronized void stopPeriodic() {
        everyFrames = 0;
        periodicKinds = List.of();
    }

    /** How long a SILENCE fault lasts (wall time). */
    void silence(Duration silenceFor) {
        if (silenceFor.isNegative() || silenceFor.isZero()) {
            throw new IllegalArgumentException("silence must be > 0, was " + silenceFor);
        }
        silence = silenceFor;
    }

    Duration silence() {
        return silence;
    }

    /** The fault for the frame about to be published, or null; each call counts one frame. */
    synchronized SocketFault nextFrameFault() {
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
