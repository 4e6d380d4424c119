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
    /** Block height times 100,000 plus the log index inside the block (a block has fewer logs than that). */
    BLOCK_AND_INDEX {
        @Override
        public long toColumn(Cursor cursor) {
            return cursor.height() * INDEX_RANGE + cursor.index();
        }

        @Override
        public Cursor fromColumn(long value) {
            return new Cursor(value / INDEX_RANGE, (int) (value % INDEX_RANGE));
        }
    };

    private static final long INDEX_RANGE = 100_000L;

    public abstract long toColumn(Cursor cursor);

    public abstract Cursor fromColumn(long value);
}
