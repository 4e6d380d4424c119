package io.candlestream.simulator.bitquery;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One Uniswap V3 {@code Swap} event as the simulator replays it: where it is on the chain, and the two signed raw
 * amounts of the event (positive: paid into the pool, negative: paid out of it).
 *
 * @param pool        the pool that emitted the event, with its tokens
 * @param blockNumber the block's height
 * @param blockTime   the block's timestamp, epoch seconds
 * @param blockHash   the block's hash, {@code 0x} and 64 hex digits
 * @param txHash      the transaction's hash
 * @param txIndex     the transaction's position in the block
 * @param logIndex    the log's position in the block (unique within a block)
 * @param amount0     the raw signed amount of {@code token0}
 * @param amount1     the raw signed amount of {@code token1}
 */
public record DexSwap(SwapPool pool, long blockNumber, long blockTime, String blockHash, String txHash, int txIndex,
        int logIndex, BigInteger amount0, BigInteger amount1) {

    public DexSwap {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(amount0, "amount0");
        Objects.requireNonNull(amount1, "amount1");
        if (blockNumber < 0 || txIndex < 0 || logIndex < 0) {
            throw new IllegalArgumentException("swap in tx " + txHash + ": block number, tx index and log index must be"
                    + " >= 0, were " + blockNumber + ", " + txIndex + ", " + logIndex);
        }
        if (amount0.signum() == amount1.signum()) {
            throw new IllegalArgumentException("swap in tx " + txHash + " log " + logIndex + ": one amount must be paid"
                    + " in (> 0) and the other out (< 0), were " + amount0 + " and " + amount1);
        }
    }

    /** The token the pool received (positive amount): Bitquery's {@code Buy} side, seen from the pool. */
    public TokenInfo boughtToken() {
        return amount0.signum() > 0 ? pool.token0() : pool.token1();
    }

    /** The raw amount the pool received, positive. */
    public BigInteger boughtRaw() {
        return amount0.signum() > 0 ? amount0 : amount1;
    }

    /** The token the pool paid out (negative amount): Bitquery's {@code Sell} side. */
    public TokenInfo soldToken() {
        return amount0.signum() > 0 ? pool.token1() : pool.token0();
    }

    /** The raw amount the pool paid out, as a positive number. */
    public BigInteger soldRaw() {
        return (amount0.signum() > 0 ? amount1 : amount0).negate();
    }
}
