package io.candlestream.feed.chain;

import java.io.Serializable;

/**
 * A pool's two tokens and their decimals, read once from the chain ({@code token0()}, {@code token1()},
 * {@code decimals()}) before the job runs.
 */
public record PoolTokens(String pool, String token0, int decimals0, String token1, int decimals1)
        implements Serializable {

    public PoolTokens {
        if (decimals0 < 0 || decimals0 > 255 || decimals1 < 0 || decimals1 > 255) {
            throw new IllegalArgumentException("decimals out of range for pool " + pool + ": " + decimals0 + ", "
                    + decimals1);
        }
    }
}
