package io.candlestream.feed.binance;

import io.candlestream.feed.CursorCodec;
import io.candlestream.feed.DenseIdChunks;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.LiveFrameDecoder;
import io.candlestream.feed.LiveRequest;
import io.candlestream.feed.LiveSession;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The Binance spot feed: {@code <symbol>@aggTrade} streams on one combined WebSocket, history from
 * {@code /api/v3/aggTrades}, and the aggregate trade id {@code a} as a dense cursor ({@link Cursor#ofId}).
 *
 * <p>Immutable and stateless, so one instance serves every task.
 */
public final class BinanceFeed implements FeedAdapter {

    private static final long serialVersionUID = 1L;

    /** The feed's name in {@code --feed} and in the {@code feed} column. */
    public static final String NAME = "binance";

    /** Most trades one {@code aggTrades} request returns ({@code limit} max), hence the largest gap chunk. */
    public static final int MAX_PAGE_IDS = 1000;

    /** Binance closes every WebSocket connection after 24 hours; reconnect on purpose half an hour before. */
    public static final Duration MAX_CONNECTION_AGE = Duration.ofHours(23).plusMinutes(30);

    /**
     * How far behind Binance's clock an aggregate trade may still appear on the stream. Binance pushes aggTrade events
     * in real time (milliseconds after the match); one second covers the matching engine to gateway path with a wide
     * margin without holding the watermark of a quiet stream back noticeably.
     */
    public static final Duration PUBLICATION_DELAY = Duration.ofSeconds(1);

    @Override
    public String name() {
        return NAME;
    }

    /** The combined-stream URL of {@link #liveUrl}, without extra headers or subprotocol (Binance needs none). */
    @Override
    public LiveRequest liveRequest(String wsBaseUrl, List<String> symbols) {
        return LiveRequest.of(liveUrl(wsBaseUrl, symbols));
    }

    /** A {@link BinanceSession}: frames decoded by {@link BinanceFrameDecoder}, added symbols by {@code SUBSCRIBE}. */
    @Override
    public LiveSession newSession(List<String> symbols) {
        return new BinanceSession(symbols);
    }

    /** {@code <wsBase>/stream?streams=xrpeth@aggTrade/btcusdt@aggTrade}: Binance's combined stream, lower-case names. */
    public String liveUrl(String wsBaseUrl, List<String> symbols) {
        Objects.requireNonNull(wsBaseUrl, "wsBaseUrl");
        Objects.requireNonNull(symbols, "symbols");
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols must not be empty");
        }
        String base = wsBaseUrl.endsWith("/") ? wsBaseUrl.substring(0, wsBaseUrl.length() - 1) : wsBaseUrl;
        StringBuilder url = new StringBuilder(base).append("/stream?streams=");
        for (int i = 0; i < symbols.size(); i++) {
            String symbol = symbols.get(i);
            if (symbol == null || symbol.isBlank()) {
                throw new IllegalArgumentException("symbols must not contain an empty symbol: " + symbols);
            }
            if (i > 0) {
                url.append('/');
            }
            url.append(streamName(symbol));
        }
        return url.toString();
    }

    /** The stream name of one symbol, e.g. {@code xrpeth@aggTrade}. */
    public static String streamName(String symbol) {
        return symbol.trim().toLowerCase(Locale.ROOT) + "@aggTrade";
    }

    /** A new stateless decoder of Binance trade frames (what {@link BinanceSession} uses). */
    public LiveFrameDecoder newFrameDecoder() {
        return new BinanceFrameDecoder();
    }

    @Override
    public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener) {
        return new BinanceHistoryClient(settings, listener);
    }

    @Override
    public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener, int sharers) {
        return new BinanceHistoryClient(settings, listener, sharers);
    }


    /**
     * Cuts the ids {@code after+1 .. before-1} into consecutive chunks of at most {@value #MAX_PAGE_IDS} ids; a gap
     * without ids yields no chunk.
     */
    @Override
    public List<Gap> chunk(Gap gap) {
        return firstChunks(gap, Integer.MAX_VALUE);
    }

    /** The first {@code maxChunks} chunks of {@link #chunk}, computed without cutting the rest of the gap. */
    @Override
    public List<Gap> firstChunks(Gap gap, int maxChunks) {
        return DenseIdChunks.first(gap, MAX_PAGE_IDS, maxChunks);
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
        return obj instanceof BinanceFeed;
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
