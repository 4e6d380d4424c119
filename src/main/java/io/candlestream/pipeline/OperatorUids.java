package io.candlestream.pipeline;

/**
 * The stable uid of every operator of the job. State in a savepoint is matched to operators by these strings:
 * changing one orphans that operator's state, so they never change once released.
 */
public final class OperatorUids {

    public static final String SOURCE = "live-source";
    /** Set by {@link io.candlestream.backfill.BackfillFunction#apply}. */
    public static final String BACKFILL = io.candlestream.backfill.BackfillFunction.UID;
    public static final String TRADE_TIME = "trade-time";
    public static final String DEDUP = "dedup";
    public static final String CANDLES = "candles";
    public static final String CANDLES_WRITTEN = "candles-written";
    public static final String SINK = "candles-sink";
    public static final String LATE_TRADES = "late-trades";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    /** Moves the audit records of filled gaps off the candle path, right after the backfill. */
    public static final String BACKFILL_AUDIT_SPLIT = "backfill-audit-split";
    /** Inserts the audit records into {@code backfills}. */
    public static final String BACKFILLS_SINK = "backfills-sink";

    private OperatorUids() {}
}
