package io.candlestream.feed.kraken;

import io.candlestream.feed.CursorCodec;
import io.candlestream.feed.DenseIdChunks;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.LiveRequest;
import io.candlestream.feed.LiveSession;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Kraken spot feed: the WebSocket v2 {@code trade} channel for every symbol on one connection
 * ({@link KrakenSession}), history from the time-paged REST {@code Trades} ({@link KrakenHistoryClient}), and
 * Kraken's {@code trade_id}, dense per pair, as the cursor ({@link Cursor#ofId}).
 *
 * <p>Immutable and stateless, so one instance serves every task.
 */
public final class KrakenFeed implements FeedAdapter {

    private static final long serialVersionUID = 1L;

    /** The feed's name in {@code --feed} and in the {@code feed} column. */
    public static final String NAME = "kraken";

    /** Ids per gap chunk: one {@code Trades} page holds at most {@value KrakenHistoryClient#PAGE_TRADES} trades. */
    public static final int MAX_CHUNK_IDS = KrakenHistoryClient.PAGE_TRADES;

    /**
     * Kraken documents no maximum connection age; the source renews the connection once a day anyway, so a connection
     * that degrades unnoticed does not live forever.
     */
    public static final Duration MAX_CONNECTION_AGE = Duration.ofHours(24);

    /**
     * How far behind Kraken's clock a trade may still appear. Kraken's {@code Time} answers in whole seconds, and the
     * WebSocket pushes trades as they match; two seconds cover both with a margin.
     */
    public static final Duration PUBLICATION_DELAY = Duration.ofSeconds(2);

    @Override
    public String name() {
        return NAME;
    }

    /** {@code --ws-url} as it is ({@code wss://ws.kraken.com/v2}): the pairs are subscribed after open. */
    @Override
    public LiveRequest liveRequest(String wsBaseUrl, List<String> symbols) {
        Objects.requireNonNull(wsBaseUrl, "wsBaseUrl");
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols must not be empty");
        }
        return LiveRequest.of(wsBaseUrl);
    }

    @Override
    public LiveSession newSession(List<String> symbols) {
        return new KrakenSession(symbols);
    }

    @Override
    public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener) {
        return new KrakenHistoryClient(settings, listener);
    }

    @Override
    public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener, int sharers) {
        return new KrakenHistoryClient(settings, listener, sharers);
    }


    /** Cuts the ids {@code after+1 .. before-1} into chunks of at most {@value #MAX_CHUNK_IDS} ids. */
    @Override
    public List<Gap> chunk(Gap gap) {
        return firstChunks(gap, Integer.MAX_VALUE);
    }

    /** The first {@code maxChunks} chunks of {@link #chunk}, computed without cutting the rest of the gap. */
    @Override
    public List<Gap> firstChunks(Gap gap, int maxChunks) {
        return DenseIdChunks.first(gap, MAX_CHUNK_IDS, maxChunks);
    }

    @Override
    public CursorCodec cursorCodec() {
        return CursorCodec.DENSE_ID;
    }

    @Override
    public Duration maxConnectionAge() {
        return MAX_CONNECTION_AGE;
    }

    @Override
    public Duration publicationDelay() {
        return PUBLICATION_DELAY;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KrakenFeed;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
