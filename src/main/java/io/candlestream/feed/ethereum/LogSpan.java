package io.candlestream.feed.ethereum;

/**
 * The {@code eth_getLogs} block span the client asks for now, shared by all its requests: it shrinks to what a
 * provider suggests (or halves without a suggestion) when a range is refused, and doubles again after
 * {@value #SUCCESSES_TO_GROW} answered ranges in a row, up to the chunk size. Thread-safe.
 */
final class LogSpan {

    static final int SUCCESSES_TO_GROW = 4;

    private final long max;
    private long span;
    private int successes;
    private long splits;

    LogSpan(long max) {
        this.max = max;
        this.span = max;
    }

    synchronized long now() {
        return span;
    }

    /** A range of {@code asked} blocks was refused; {@code suggested} blocks (or 0) would do. */
    synchronized void refused(long asked, long suggested) {
        splits++;
        successes = 0;
        span = Math.max(1, suggested > 0 && suggested < asked ? suggested : asked / 2);
    }

    synchronized void answered() {
        if (++successes >= SUCCESSES_TO_GROW && span < max) {
            span = Math.min(max, span * 2);
            successes = 0;
        }
    }

    /** Ranges refused so far. */
    synchronized long splits() {
        return splits;
    }
}
