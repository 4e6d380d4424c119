package io.candlestream.simulator.ethereum;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Deterministic Uniswap V3 swaps for the demo chain: N pools (token0 with 18 decimals priced in a 6-decimal token1,
 * like WETH/USDC), each price a seeded random walk, a swap in a block with probability 1/{@code swapEveryBlocks} per
 * pool, amounts of opposite signs and never both zero (unless every {@code zeroAmountEvery}-th swap is asked to be a
 * zero-amount one), {@code data} ABI-encoded and topics 1, 2 the sender and recipient.
 */
final class SyntheticSwaps {

    private static final BigDecimal Q96 = new BigDecimal(BigInteger.ONE.shiftLeft(96));
    private static final double LOG_TICK_BASE = Math.log(1.0001);
    private static final int DECIMALS0 = 18;
    private static final int DECIMALS1 = 6;
    private static final int TRADERS = 50;

    private final List<PoolTokens> pools = new ArrayList<>();
    private final ChainInput input;

    /**
     * @param firstTimestamp epoch seconds of {@code firstBlock}; later blocks follow every 12 s
     * @param blocks         how many blocks carry swaps (the chain continues with empty blocks after them)
     */
    SyntheticSwaps(int poolCount, long seed, long firstBlock, long firstTimestamp, int blocks, int swapEveryBlocks,
            int zeroAmountEvery) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> traders = new ArrayList<>();
        for (int t = 0; t < TRADERS; t++) {
            traders.add(SwapAbi.addressTopic(address("trader", seed, t)));
        }
        double[] prices = new double[poolCount];
        for (int i = 0; i < poolCount; i++) {
            String pool = address("pool", seed, i);
            pools.add(new PoolTokens(pool, address("token0", seed, i), DECIMALS0, address("token1", seed, i),
                    DECIMALS1));
            prices[i] = 2000.0 + 150.0 * i;
        }
        List<ChainLog> logs = new ArrayList<>();
        TreeMap<Long, Long> timestamps = new TreeMap<>();
        long swaps = 0;
        for (int b = 0; b < blocks; b++) {
            long block = firstBlock + b;
            timestamps.put(block, firstTimestamp + Chain.SLOT_SECONDS * b);
            int logIndex = random.nextInt(40);
            for (int i = 0; i < poolCount; i++) {
                prices[i] *= Math.exp(0.002 * gaussian(random));
                if (random.nextInt(swapEveryBlocks) != 0) {
                    continue;
                }
                swaps++;
                boolean zero = zeroAmountEvery > 0 && swaps % zeroAmountEvery == 0;
                String trader = traders.get(random.nextInt(TRADERS));
                String txHash = String.format("0x%016x%016x%016x%016x", seed, block, logIndex, i);
                logs.add(new ChainLog(pools.get(i).pool(), block, txHash, logIndex, logIndex,
                        List.of(SwapAbi.SWAP_TOPIC, trader, trader), swapData(prices[i], random, zero)));
                logIndex += 1 + random.nextInt(5);
            }
        }
        this.input = new ChainInput(logs, timestamps);
    }

    ChainInput input() {
        return input;
    }

    List<PoolTokens> pools() {
        return List.copyOf(pools);
    }

    /** A swap of 0.01..5 token0 at {@code price} token1 per token0, buying or selling token0 at random. */
    private static String swapData(double price, SplittableRandom random, boolean zero) {
        double rawPrice = price * Math.pow(10, DECIMALS1 - DECIMALS0);
        BigInteger sqrtPriceX96 = new BigDecimal(Math.sqrt(rawPrice)).multiply(Q96).toBigInteger();
        int tick = (int) Math.floor(Math.log(rawPrice) / LOG_TICK_BASE);
        BigInteger liquidity = BigInteger.valueOf(1_000_000_000_000_000L + random.nextLong(1_000_000_000_000_000L));
        if (zero) {
            return SwapAbi.swapData(BigInteger.ZERO, BigInteger.ZERO, sqrtPriceX96, liquidity, tick);
        }
        BigDecimal amount0 = BigDecimal.valueOf(0.01 + random.nextDouble() * 4.99).movePointRight(DECIMALS0);
        BigInteger raw0 = amount0.toBigInteger().max(BigInteger.ONE);
        BigInteger raw1 = new BigDecimal(raw0).multiply(BigDecimal.valueOf(rawPrice)).toBigInteger().max(BigInteger.ONE);
        // The pool's view: what it receives is positive, what it pays out negative.
        boolean traderBuysToken0 = random.nextBoolean();
        return traderBuysToken0
                ? SwapAbi.swapData(raw0.negate(), raw1, sqrtPriceX96, liquidity, tick)
                : SwapAbi.swapData(raw0, raw1.negate(), sqrtPriceX96, liquidity, tick);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static String address(String role, long seed, int index) {
        return "0x" + SwapAbi.hex(sha256(role + ":" + seed + ":" + index)).substring(0, 40);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
