package io.candlestream.simulator;

import java.util.Iterator;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An endless, deterministic stream of trades for one symbol: a seeded random walk of price on the symbol's tick grid,
 * exponential gaps between trades (some sharing a millisecond) and occasional quiet stretches of whole minutes. The
 * sequence depends only on its parameters, never on when it is read. Each step is a protocol-neutral {@link Draw}
 * that the protocol's {@link Shape} turns into its own trade (Binance: the sequence as aggregate trade id and the raw
 * trades as {@code f..l}; a block feed: a block and log index). Not thread-safe.
 *
 * @param <T> the protocol's trade type
 */
public final class SyntheticTradeSource<T extends SimTrade> implements Iterator<T> {

    /**
     * One generated trade before a protocol gives it its shape.
     *
     * @param sequence   dense, ascending from a seeded start between 1,000,000 and 10,000,000
     * @param firstRawId first of the {@code rawTrades} underlying trade ids, contiguous across draws
     * @param rawTrades  how many underlying trades the trade aggregates, 1 to 4
     * @param price      price on the symbol's tick grid, written with eight decimals
     * @param quantity   quantity on the symbol's lot grid, written with eight decimals
     * @param time       epoch milliseconds, non-decreasing
     */
    public record Draw(String symbol, long sequence, long firstRawId, int rawTrades, String price, String quantity,
            long time, boolean buyerMaker) {
    }

    /** Turns a draw into the protocol's trade. */
    @FunctionalInterface
    public interface Shape<T> {
        T of(Draw draw);
    }


    private static final long MINUTE_MS = 60_000;
    /** Share of trades that land in the same millisecond as the previous one, as bursts do on Binance. */
    private static final double SAME_MILLISECOND_SHARE = 0.2;
    /** Share of trades that leave the price unchanged. */
    private static final double UNCHANGED_PRICE_SHARE = 0.4;

    private final SymbolSpec spec;
    private final DecimalStrings prices;
    private final DecimalStrings quantities;
    private final Shape<T> shape;
    private final SplittableRandom random;
    private final double meanGapMillis;
    private final double quietProbability;
    private final long priceStepTicks;
    private long nextSequence;
    private long nextRawId;
    private long time;
    private long priceTicks;

    /**
     * @param quietEveryMillis mean simulated time between quiet stretches; 0 disables them
     */
    public SyntheticTradeSource(SymbolSpec spec, long seed, long startMillis, double tradesPerMinute,
            long quietEveryMillis, Shape<T> shape) {
        if (!(tradesPerMinute > 0)) {
            throw new IllegalArgumentException("tradesPerMinute must be > 0, was " + tradesPerMinute);
        }
        this.spec = spec;
        this.prices = new DecimalStrings(spec::price);
        this.quantities = new DecimalStrings(spec::quantity);
        this.shape = Objects.requireNonNull(shape, "shape");
        // String.hashCode is specified by the JLS, so the per-symbol seed is stable across JVMs.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ spec.symbol().hashCode());
        this.meanGapMillis = MINUTE_MS / tradesPerMinute;
        this.quietProbability = quietEveryMillis <= 0 ? 0 : Math.min(1.0, meanGapMillis / quietEveryMillis);
        this.priceStepTicks = Math.max(1, spec.startPriceTicks() / 5_000);
        this.nextSequence = 1_000_000 + random.nextLong(9_000_000);
        this.nextRawId = nextSequence + nextSequence / 5 + random.nextLong(1_000_000);
        this.time = startMillis;
        this.priceTicks = spec.startPriceTicks();
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public T next() {
        advanceTime();
        if (random.nextDouble() >= UNCHANGED_PRICE_SHARE) {
            long step = 1 + random.nextLong(priceStepTicks);
            priceTicks = Math.max(1, random.nextBoolean() ? priceTicks + step : priceTicks - step);
        }
        // Log-uniform sizes: many small trades, a few large ones.
        long lots = Math.max(1, Math.round(Math.exp(random.nextDouble() * Math.log(spec.maxLots()))));
        int rawTrades = rawTradeCount();
        T trade = shape.of(new Draw(spec.symbol(), nextSequence, nextRawId, rawTrades, prices.of(priceTicks),
                quantities.of(lots), time, random.nextBoolean()));
        nextSequence++;
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
