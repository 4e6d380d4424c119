package io.candlestream.bench;

/**
 * How long a benchmark run may take: {@code --quick} keeps the whole table under ten minutes on 2 cores, the full run
 * measures longer for tighter figures.
 *
 * @param quick whether this is the quick run
 */
public record BenchMode(boolean quick) {

    /** {@code quick} in a quick run, {@code full} otherwise. */
    public <T> T pick(T quickValue, T fullValue) {
        return quick ? quickValue : fullValue;
    }

    /** {@code quick} in a quick run, {@code full} otherwise. */
    public long pick(long quickValue, long fullValue) {
        return quick ? quickValue : fullValue;
    }
}
