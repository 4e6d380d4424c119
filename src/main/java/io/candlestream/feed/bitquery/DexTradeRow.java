package io.candlestream.feed.bitquery;

import io.candlestream.feed.chain.PoolTokens;
import java.math.BigInteger;

/**
 * One Uniswap V3 swap as a Bitquery {@code DEXTrades} row: its block, log index and pool, and the two sides seen from
 * the pool ({@code Buy}: the currency the pool received, {@code Sell}: the one it paid out), as raw integer amounts.
 *
 * @param blockTime block timestamp, epoch seconds
 */
record DexTradeRow(long block, String blockHash, long blockTime, int logIndex, String pool,
        String buyToken, int buyDecimals, BigInteger buyRaw, String sellToken, int sellDecimals, BigInteger sellRaw) {

    /**
     * The pool's tokens as this row shows them: a Uniswap pool's token0 is the lower address of its pair (the factory
     * sorts them), so no {@code eth_call} is needed.
     */
    PoolTokens tokens() {
        return buyIsToken0()
                ? new PoolTokens(pool, buyToken, buyDecimals, sellToken, sellDecimals)
                : new PoolTokens(pool, sellToken, sellDecimals, buyToken, buyDecimals);
    }

    /** token0's raw amount, signed as the Swap event does: positive paid into the pool. */
    BigInteger amount0() {
        return buyIsToken0() ? buyRaw : sellRaw.negate();
    }

    /** token1's raw amount, signed as the Swap event does. */
    BigInteger amount1() {
        return buyIsToken0() ? sellRaw.negate() : buyRaw;
    }

    private boolean buyIsToken0() {
        return buyToken.compareTo(sellToken) < 0;
    }
}
