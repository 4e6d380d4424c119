package io.candlestream.source.reader;

import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.List;

/** What the socket and probe threads hand to the reader's main thread through the {@link LiveBuffer}. */
sealed interface LiveItem {

    /** The trades of one live frame, in frame order. */
    record Trades(List<Trade> trades) implements LiveItem {}

    /** A live frame that did not decode; its trades are lost on this connection and come back as a gap. */
    record Malformed(MalformedFrameException error) implements LiveItem {}

    /** The connection opened ({@code opened}) or went away, with why. */
    record Connection(boolean opened, String detail) implements LiveItem {}

    /** The socket buffer overflowed; the connection was dropped and what it missed will be a gap. */
    record Overflow(int capacity) implements LiveItem {}

    /**
     * The exchange's view of a stream at server time {@code serverTime}: its newest trade then ({@code null} if none).
     */
    record Probe(StreamId stream, long serverTime, Trade latest) implements LiveItem {}
}
