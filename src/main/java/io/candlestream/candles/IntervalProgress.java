package io.candlestream.candles;

import java.math.BigDecimal;

/**
 * Where one stream's candles of one interval stand: which buckets are final, and the close that the next flat candle
 * carries.
 *
 * <p>A Flink POJO kept in keyed state (one per interval label); its fields are its state schema.
 */
public class IntervalProgress {

    /** True once some bucket was finalized; until then {@link #nextBucket} is meaningless. */
    public boolean started;

    /**
     * Start of the first bucket not yet final, exclusive bound of the final ones: every bucket before it was emitted,
     * suppressed as partial, or (flat candles off) had nothing to emit. A trade for a bucket before it is late.
     */
    public long nextBucket;

    /** True once a bucket with trades was finalized, so flats have a close to carry. */
    public boolean hasCarry;

    /** Close of the latest (by bucket start) finalized bucket with trades; what the next flat carries. */
    public BigDecimal carryClose;

    /** That bucket's last cursor, as written to the table ({@code CursorCodec.toColumn}). */
    public long carryLastCursor;

    /** Start of that bucket. */
    public long carryBucket;

    /**
     * True once {@link #retainedFrom} is known (state from before it existed learns it with one scan of the buckets).
     */
    public boolean retainedFromKnown;

    /**
     * No bucket before it is kept: the accumulators before it were dropped (no late trade can reach them), and every
     * bucket a trade can still create or update is at or after it. Where the next clean-up starts.
     */
    public long retainedFrom;

    public IntervalProgress() {}
}
