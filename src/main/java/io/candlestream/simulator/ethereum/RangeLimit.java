package io.candlestream.simulator.ethereum;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * An {@code eth_getLogs} limit in one provider's shape, with configurable thresholds (tests use small ones to force
 * splits). Each error's suggested range, where the provider gives one, is one that really fits the limit.
 * <ul>
 *   <li>{@link #infuraResults}: geth/Infura, more than N results: {@code -32005} "query returned more than N results.
 *       Try with this block range [0x…, 0x…]."</li>
 *   <li>{@link #alchemy}: a span over N blocks <em>and</em> more than M results: {@code -32602} "Log response size
 *       exceeded. … this block range should work: [0x…, 0x…]"</li>
 *   <li>{@link #quickNodeBlocks}: QuickNode's plain span cap without a suggestion: {@code -32614} "eth_getLogs is
 *       limited to a 10,000 range".</li>
 * </ul>
 * The limits are checked on the range after clipping it to the head. Immutable.
 */
public final class RangeLimit {

    private enum Shape { NONE, INFURA_RESULTS, ALCHEMY, QUICKNODE_BLOCKS }

    private static final RangeLimit NONE = new RangeLimit(Shape.NONE, 0, 0);

    private final Shape shape;
    private final long maxBlocks;
    private final long maxResults;

    private RangeLimit(Shape shape, long maxBlocks, long maxResults) {
        this.shape = shape;
        this.maxBlocks = maxBlocks;
        this.maxResults = maxResults;
    }

    /** No limit (the default). */
    public static RangeLimit none() {
        return NONE;
    }

    /** geth's and Infura's result cap (Infura: 10,000). */
    public static RangeLimit infuraResults(int maxResults) {
        return new RangeLimit(Shape.INFURA_RESULTS, 0, positive(maxResults, "maxResults"));
    }

    /** Alchemy's rule (2,000 blocks with any result count, or any span with at most 10,000 results). */
    public static RangeLimit alchemy(int maxBlocks, int maxResults) {
        return new RangeLimit(Shape.ALCHEMY, positive(maxBlocks, "maxBlocks"), positive(maxResults, "maxResults"));
    }

    /** QuickNode's block-span cap (10,000), refused without a suggested range. */
    public static RangeLimit quickNodeBlocks(int maxBlocks) {
        return new RangeLimit(Shape.QUICKNODE_BLOCKS, positive(maxBlocks, "maxBlocks"), 0);
    }

    /** The provider's error for a query of blocks {@code from..to} (clipped, from ≤ to), or null when it is served. */
    RpcFailure check(Chain chain, long from, long to, LogFilter filter) {
        long span = to - from + 1;
        return switch (shape) {
            case NONE -> null;
            case INFURA_RESULTS -> {
                long fits = chain.lastBlockWithin(from, to, filter, maxResults);
                yield fits >= to ? null : new RpcFailure(-32005, "query returned more than " + maxResults
                        + " results. Try with this block range [" + RpcWire.quantity(from) + ", "
                        + RpcWire.quantity(fits) + "].");
            }
            case ALCHEMY -> {
                if (span <= maxBlocks) {
                    yield null;
                }
                long fits = chain.lastBlockWithin(from, to, filter, maxResults);
                if (fits >= to) {
                    yield null;
                }
                long suggested = Math.max(fits, from + maxBlocks - 1);
                yield new RpcFailure(RpcFailure.INVALID_PARAMS, "Log response size exceeded. You can make eth_getLogs "
                        + "requests with up to a " + thousands(maxBlocks) + " block range and no limit on the response "
                        + "size, or you can request any block range with a cap of " + thousands(maxResults)
                        + " logs in the response. Based on your parameters, this block range should work: ["
                        + RpcWire.quantity(from) + ", " + RpcWire.quantity(suggested) + "]");
            }
            case QUICKNODE_BLOCKS -> span <= maxBlocks ? null : new RpcFailure(-32614,
                    "eth_getLogs is limited to a " + NumberFormat.getIntegerInstance(Locale.US).format(maxBlocks)
                            + " range");
        };
    }

    /** Alchemy's way of writing counts: 2K, 10K, or the plain number when not whole thousands. */
    private static String thousands(long count) {
        return count % 1000 == 0 ? count / 1000 + "K" : Long.toString(count);
    }

    private static long positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RangeLimit{" + shape + ", maxBlocks=" + maxBlocks + ", maxResults=" + maxResults + '}';
    }
}
