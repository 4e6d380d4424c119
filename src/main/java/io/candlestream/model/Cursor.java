package io.candlestream.model;

import java.io.Serializable;

/**
 * A position in one stream: a height and a position inside it, ordered by height then index.
 *
 * <p>For a block feed the height is the block number and the index the log index inside the block. For an exchange
 * feed whose trades carry a dense id (Binance's aggregate trade id) the height is that id and the index is always 0.
 * A cursor names one trade; whether it is inclusive or exclusive is said where it is used.
 */
public record Cursor(long height, int index) implements Comparable<Cursor>, Serializable {

    /** The cursor of a trade id feed, whose index is always 0. */
    public static Cursor ofId(long id) {
        return new Cursor(id, 0);
    }

    @Override
    public int compareTo(Cursor other) {
        int byHeight = Long.compare(height, other.height);
        return byHeight != 0 ? byHeight : Integer.compare(index, other.index);
    }

    public boolean isAfter(Cursor other) {
        return compareTo(other) > 0;
    }

    public boolean isAtOrBefore(Cursor other) {
        return compareTo(other) <= 0;
    }

    @Override
    public String toString() {
        return index == 0 ? Long.toString(height) : height + "/" + index;
    }
}
