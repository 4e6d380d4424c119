package io.candlestream.feed;

import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything the shared engine needs to know about one feed's protocol: what to open for live trades and the session
 * protocol spoken on it, whether cursors are dense or sparse, how to cut a gap into history requests, and how to reach
 * history (and probe it). See the package documentation for the whole shape.
 *
 * <p>Implementations are immutable and serializable: the job ships them to every task.
 */
public interface FeedAdapter extends Serializable {

    /** The feed's name as in {@code --feed} and the {@code feed} column, e.g. {@code binance}. */
    String name();

    /**
     * This adapter with what it must look up once before the job runs (a chain's token decimals, read from the node),
     * asked through {@code history} for {@code symbols}; called where the job, the dry run or a repair is built, so that a bad symbol
     * fails there with a message rather than in a task. By default nothing is looked up.
     *
     * @throws HistoryException naming the symbol when the look-up fails
     */
    default FeedAdapter resolved(HistorySettings history, List<String> symbols) {
        return this;
    }

    /**
     * What to open for one connection that carries the live trades of all these symbols ({@code wsBaseUrl} is
     * {@code --ws-url}).
     */
    LiveRequest liveRequest(String wsBaseUrl, List<String> symbols);

    /** A new session for one connection opened with {@link #liveRequest} for these symbols. */
    LiveSession newSession(List<String> symbols);

    /** A new history client that reports to {@code listener} (requests, retries, rate limits); the caller closes it. */
    HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener);

    /**
     * A new history client, one of {@code sharers} that run at the same time against the same exchange budget (the
     * parallel subtasks of the backfill operator). A feed whose limits are per IP divides what it keeps in flight;
     * by default the number is ignored.
     */
    default HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener, int sharers) {
        return newHistoryClient(settings, listener);
    }

    /** A new history client that reports to nobody; the caller closes it. */
    default HistoryClient newHistoryClient(HistorySettings settings) {
        return newHistoryClient(settings, HistoryListener.NOOP);
    }

    /**
     * Whether {@code next} directly follows {@code previous} with nothing in between. A dense-id feed knows this
     * exactly; a feed that cannot tell answers {@code true} and finds holes only at reconnects.
     */
    default boolean follows(Cursor previous, Cursor next) {
        return cursorCodec() != CursorCodec.DENSE_ID || next.height() == previous.height() + 1;
    }

    /**
     * Whether cursors are dense: {@link #follows} is exact, so a hole shows as a jump. A sparse feed (block, log
     * index) cannot tell: the source then puts a gap from the split's cursor ahead of the first live trade of every
     * stream after each (re)connect, restore or added split, and up to a newest position a head or probe reveals.
     * By default the dense-id codec means dense.
     */
    default boolean denseCursors() {
        return cursorCodec() == CursorCodec.DENSE_ID;
    }

    /**
     * Whether a live session that covers a sparse stream also moves it while the stream is quiet, by heads for every
     * block (an Ethereum node's {@code newHeads}). A session that sees only blocks with the streams' own trades
     * (Bitquery's DEX-trade subscription) answers {@code false}: a quiet stream's probe that finds a newer position
     * then loads the hole from history instead of waiting for the connection. By default {@code true}.
     */
    default boolean liveHeadsMoveQuietStreams() {
        return true;
    }

    /** The position just before {@code cursor}: a stream that should start with {@code cursor} starts after it. */
    default Cursor predecessor(Cursor cursor) {
        return cursorCodec() == CursorCodec.DENSE_ID
                ? Cursor.ofId(cursor.height() - 1)
                : new Cursor(cursor.height(), cursor.index() - 1);
    }

    /** The position just after {@code cursor}: a gap up to and including {@code cursor} ends before it. */
    default Cursor successor(Cursor cursor) {
        return cursorCodec() == CursorCodec.DENSE_ID
                ? Cursor.ofId(cursor.height() + 1)
                : new Cursor(cursor.height(), cursor.index() + 1);
    }

    /** Cuts a gap into chunks of at most one history page each, in order; together they cover exactly the gap. */
    List<Gap> chunk(Gap gap);

    /**
     * The first at most {@code maxChunks} chunks of {@link #chunk(Gap)}, without cutting the rest: a source emits a
     * long gap a few chunks at a time. The default cuts the whole gap; a feed with long gaps overrides it.
     */
    default List<Gap> firstChunks(Gap gap, int maxChunks) {
        List<Gap> all = chunk(gap);
        return all.size() <= maxChunks ? all : List.copyOf(all.subList(0, maxChunks));
    }

    /** The number of trades in a gap if the feed can tell (dense ids), else -1. */
    default long size(Gap gap) {
        return cursorCodec() == CursorCodec.DENSE_ID
                ? Math.max(0, gap.before().height() - gap.after().height() - 1)
                : -1;
    }

    /**
     * The size of a gap in the feed's own progress unit ({@link #progressUnit()}), never negative: trade ids for a
     * dense feed, blocks (height difference) for a sparse one. Backlog, progress and pending-records metrics count it.
     */
    default long backlogUnits(Gap gap) {
        return denseCursors() ? Math.max(0, size(gap))
                : Math.max(0, gap.before().height() - gap.after().height());
    }

    /** The plural name of {@link #backlogUnits}'s unit, for logs: {@code ids}, {@code blocks}. */
    default String progressUnit() {
        return denseCursors() ? "ids" : "blocks";
    }

    /** How cursors are written to the candles table. */
    CursorCodec cursorCodec();

    /** Longest the exchange keeps one WebSocket connection open; the source reconnects on purpose before that. */
    Duration maxConnectionAge();

    /**
     * How far behind the exchange's clock a trade may still be published. A stream confirmed quiet at server time
     * {@code S} lets the watermark advance to {@code S - publicationDelay}.
     */
    Duration publicationDelay();
}
