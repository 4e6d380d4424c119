package io.candlestream.feed;

import io.candlestream.model.Cursor;
import java.io.Serializable;

/**
 * How a feed writes a {@link Cursor} into the {@code first_cursor}/{@code last_cursor} bigint columns and reads it
 * back. A dense-id feed writes the id itself, so the table shows the exchange's own trade ids.
 */
public enum CursorCodec implements Serializable {
    /** The height is the trade id; the index is always 0. */
    DENSE_ID {
        @Override
        public long toColumn(Cursor cursor) {
            return cursor.height();
        }

        @Override
        public Cursor fromColumn(long value) {
            return Cursor.ofId(value);
        }
    },
    /**
     * Block height times {@value #INDEX_RANGE} plus the log index inside the block, so the column reads as the block
     * number followed by eight digits of log index ({@code 1893754700000204} is block 18937547, log 204). A log costs
     * at least 375 gas, so a block holds at most gas limit / 375 logs: 120,000 at 45M gas, and 10^8 only at 37.5
     * billion gas, over 800 times today's limit; heights stay exact up to 9.2 × 10^10 (thousands of years even at
     * sub-second block times). A cursor outside that range is refused rather than written as another one. The two
     * bounds a gap may use, index −1 (before a block's first log) and index {@value #INDEX_RANGE} (after its last), are
     * written as the neighbouring block's end or start: the same bound.
     */
    BLOCK_AND_INDEX {
        @Override
        public long toColumn(Cursor cursor) {
            if (cursor.index() < -1 || cursor.index() > INDEX_RANGE || cursor.height() < 0
                    || cursor.height() > MAX_BLOCK) {
                throw new IllegalArgumentException("cursor " + cursor + " cannot be written as block * "
                        + INDEX_RANGE + " + log index: the log index must be below " + INDEX_RANGE
                        + " (or a bound: -1, " + INDEX_RANGE + ")"
                        + " and the block at most " + MAX_BLOCK);
            }
            return cursor.height() * INDEX_RANGE + cursor.index();
        }

        @Override
        public Cursor fromColumn(long value) {
            return new Cursor(value / INDEX_RANGE, (int) (value % INDEX_RANGE));
        }
    };

    /** Log indexes per block that {@link #BLOCK_AND_INDEX} can write. */
    public static final long INDEX_RANGE = 100_000_000L;

    private static final long MAX_BLOCK = Long.MAX_VALUE / INDEX_RANGE - 1;

    public abstract long toColumn(Cursor cursor);

    public abstract Cursor fromColumn(long value);
}
