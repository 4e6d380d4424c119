package io.candlestream.feed.chain;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Optional;

/**
 * The trade a Uniswap V3 swap is for one pool stream: the base token's amount as quantity, the other token's as the
 * exact quote amount, and the price quote / base rounded half-even to 34 significant digits
 * ({@link MathContext#DECIMAL128}). Amounts are the swap's signed raw amounts (positive: paid into the pool), shown
 * in token units (decimals applied, exact). This is the executed price of the swap itself, not the pool's price after
 * it ({@code sqrtPriceX96}), so a candle's volume-weighted price is exactly quote volume / volume.
 */
public final class SwapAmounts {

    private SwapAmounts() {}

    /**
     * The trade, or empty for a swap with a zero amount on either side (no price; the caller counts it).
     *
     * @param amount0 raw signed amount of token0
     * @param amount1 raw signed amount of token1
     */
    public static Optional<Trade> trade(StreamId stream, PoolSymbol symbol, PoolTokens tokens, Cursor cursor,
            long timeMillis, BigInteger amount0, BigInteger amount1) {
        if (amount0.signum() == 0 || amount1.signum() == 0) {
            return Optional.empty();
        }
        BigDecimal units0 = new BigDecimal(amount0.abs(), tokens.decimals0());
        BigDecimal units1 = new BigDecimal(amount1.abs(), tokens.decimals1());
        BigDecimal base = symbol.baseIsToken1() ? units1 : units0;
        BigDecimal quote = symbol.baseIsToken1() ? units0 : units1;
        BigDecimal price = quote.divide(base, MathContext.DECIMAL128);
        return Optional.of(new Trade(stream, cursor, timeMillis, price, base, 1, quote));
    }
}
