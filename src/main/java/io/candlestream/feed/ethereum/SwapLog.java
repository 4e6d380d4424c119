package io.candlestream.feed.ethereum;

import java.math.BigInteger;

/**
 * A Uniswap V3 {@code Swap} log as the node sends it: where it is, whether a reorganisation removed it, and the two
 * signed raw amounts of its data ({@code int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity,
 * int24 tick}).
 *
 * @param blockTimestamp the block's timestamp in seconds when the log carries it ({@code blockTimestamp}), else -1
 */
public record SwapLog(String pool, long block, String blockHash, int logIndex, boolean removed, long blockTimestamp,
        BigInteger amount0, BigInteger amount1, BigInteger sqrtPriceX96, BigInteger liquidity, int tick) {}
