package io.candlestream.simulator.bitquery;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of Uniswap V3 swaps for the demo: one block every 12 s, in each block each pool swaps 0 to 3
 * times (about one block in three has a swap of a given pool), amounts log-normal around a price that walks
 * randomly. The same seed, pools, first block and start time give the same swaps.
 */
final class SyntheticSwaps {

    /** Ethereum's slot time since the merge. */
    static final long BLOCK_SECONDS = 12;

    private SyntheticSwaps() {
    }

    /**
     * {@code blocks} blocks of swaps from {@code firstBlock} at {@code startEpochSeconds}, ordered by block and log
     * index.
     */
    static List<DexSwap> generate(List<SwapPool> pools, long seed, long firstBlock, long startEpochSeconds,
            int blocks) {
        Random random = new Random(seed);
        double[] price = new double[pools.size()]; // token0 units per token1 unit
        for (int p = 0; p < pools.size(); p++) {
            price[p] = 500 + random.nextDouble() * 3_000;
        }
        List<DexSwap> swaps = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            long number = firstBlock + b;
            long time = startEpochSeconds + b * BLOCK_SECONDS;
            String hash = BlockHashes.of(number);
            int logIndex = random.nextInt(20);
            int txIndex = random.nextInt(10);
            for (int p = 0; p < pools.size(); p++) {
                SwapPool pool = pools.get(p);
                int count = random.nextDouble() < 0.66 ? 0 : 1 + random.nextInt(3);
                for (int s = 0; s < count; s++) {
                    price[p] *= Math.exp(random.nextGaussian() * 0.002);
                    double units1 = Math.exp(random.nextGaussian()) * 0.5;
                    BigInteger raw1 = raw(units1, pool.token1().decimals());
                    BigInteger raw0 = raw(units1 * price[p], pool.token0().decimals());
                    boolean poolReceivesToken0 = random.nextBoolean();
                    txIndex += 1 + random.nextInt(5);
                    logIndex += 1 + random.nextInt(4);
                    swaps.add(new DexSwap(pool, number, time, hash, txHash(seed, number, logIndex), txIndex, logIndex,
                            poolReceivesToken0 ? raw0 : raw0.negate(), poolReceivesToken0 ? raw1.negate() : raw1));
                }
            }
        }
        return swaps;
    }

    private static BigInteger raw(double units, int decimals) {
        BigInteger raw = new BigDecimal(units).movePointRight(decimals).setScale(0, RoundingMode.HALF_EVEN)
                .toBigIntegerExact();
        return raw.signum() == 0 ? BigInteger.ONE : raw;
    }

    private static String txHash(long seed, long block, int logIndex) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("candlestream-sim-tx:" + seed + ":" + block + ":" + logIndex)
                            .getBytes(StandardCharsets.US_ASCII));
            return "0x" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
