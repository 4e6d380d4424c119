package io.candlestream.feed.kraken;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.FeedOptions;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryCost;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Kraken spot on the command line: its public endpoints, pairs as WebSocket v2 writes them ({@code BTC/USD}; v1 codes
 * such as {@code XBT/USDT} are written the v2 way), no token, and history paid in requests against Kraken's call
 * counter (one {@code Trades} page of {@value KrakenHistoryClient#PAGE_TRADES} trades per request).
 */
public final class KrakenOptions implements FeedOptions {

    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return KrakenFeed.NAME;
    }

    @Override
    public String defaultWsUrl() {
        return "wss://ws.kraken.com/v2";
    }

    @Override
    public String defaultRestUrl() {
        return "https://api.kraken.com";
    }

    @Override
    public String symbol(String given) {
        return KrakenPairs.tableSymbol(given);
    }

    /**
     * The pages of {@code ids} trades plus the few look-ups that find where they start, at the pacer's sustained rate.
     */
    @Override
    public FeedAdapter adapter(Map<String, String> values) {
        return new KrakenFeed();
    }

    @Override
    public HistoryCost cost(long ids, HistoryClient history) {
        long requests = (ids + KrakenHistoryClient.PAGE_TRADES - 1) / KrakenHistoryClient.PAGE_TRADES + 2;
        KrakenHistoryOptions limits = history instanceof KrakenHistoryClient kraken
                ? kraken.options() : KrakenHistoryOptions.defaults();
        Duration atLimit = Duration.ofMillis((long) Math.ceil(requests * 1000.0 / limits.requestsPerSecond()));
        return new HistoryCost(requests, requests, "requests", atLimit,
                String.format(Locale.ROOT, "Kraken's public rate of %.2f requests/s", limits.requestsPerSecond()));
    }
}
