package io.candlestream.simulator;

import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * An endless, deterministic stream of aggregate trades for one symbol: a seeded random walk of price on the symbol's
 * tick grid, exponential gaps between trades (some sharing a millisecond) and occasional quiet stretches of whole
 * minutes. The sequence depends only on its parameters, never on when it is read. Not thread-safe.
 */
final class SyntheticTradeSource implements Iterator<SimTrade> {

    private static final long MINUTE_MS = 60_000;
    /** Share of trades that land in the same millisecond as the previous one, as bursts do on Binance. */
    private static final double SAME_MILLISECOND_SHARE = 0.2;
    /** Share of trades that leave the price unchanged. */
    private static final double UNCHANGED_PRICE_SHARE = 0.4;

    private final SymbolSpec spec;
    private final SplittableRandom random;
    private final double meanGapMillis;
    private final double quietProbability;
    private final long priceStepTicks;
    private long nextAggId;
    private long nextRawId;
    private long time;
    private long priceTicks;

    /**
     * @param quietEveryMillis mean simulated time between quiet stretches; 0 disables them
     */
    SyntheticTradeSource(SymbolSpec spec, long seed, long startMillis, double tradesPerMinute, long quietEveryMillis) {
        if (!(tradesPerMinute > 0)) {
            throw new IllegalArgumentException("tradesPerMinute must be > 0, was " + tradesPerMinute);
        }
        this.spec = spec;
        // String.hashCode is specified by the JLS, so the per-symbol seed is stable across JVMs.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ spec.symbol().hashCode());
        this.meanGapMillis = MINUTE_MS / tradesPerMinute;
        this.quietProbability = quietEveryMillis <= 0 ? 0 : Math.min(1.0, meanGapMillis / quietEveryMillis);
        this.priceStepTicks = Math.max(1, spec.startPriceTicks() / 5_000);
        this.nextAggId = 1_000_000 + random.nextLong(9_000_000);
        this.nextRawId = nextAggId + nextAggId / 5 + random.nextLong(1_000_000);
        this.time = startMillis;
        this.priceTicks = spec.startPriceTicks();
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SimTrade next() {
        advanceTime();
        if (random.nextDouble() >= UNCHANGED_PRICE_SHARE) {
            long step = 1 + random.nextLong(priceStepTicks);
            priceTicks = Math.max(1, random.nextBoolean() ? priceTicks + step : priceTicks - step);
        }
        // Log-uniform sizes: many small trades, a few large ones.
        long lots = Math.max(1, Math.round(Math.exp(random.nextDouble() * Math.log(spec.maxLots()))));
        int rawTrades = rawTradeCount();
        SimTrade trade = new SimTrade(spec.symbol(), nextAggId, spec.price(priceTicks), spec.quantity(lots),
                nextRawId, nextRawId + rawTrades - 1, time, random.nextBoolean());
        nextAggId++;
        nextRawId += rawTrades;
        return trade;
    }

    private void advanceTime() {
        if (random.nextDouble() < quietProbability) {
            // Jump at least two minute boundaries ahead, so at least one whole minute has no trade (a flat candle).
            long minute = Math.floorDiv(time, MINUTE_MS);
            time = (minute + 2 + random.nextInt(4)) * MINUTE_MS + random.nextLong(MINUTE_MS);
        } else if (random.nextDouble() >= SAME_MILLISECOND_SHARE) {
            time += 1 + (long) (-Math.log(1.0 - random.nextDouble()) * meanGapMillis);
        }
    }

    private int rawTradeCount() {
        double u = random.nextDouble();
        return u < 0.7 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
    }
}
