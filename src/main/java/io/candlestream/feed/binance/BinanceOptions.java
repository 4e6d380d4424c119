package io.candlestream.feed.binance;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.FeedOptions;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryCost;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binance spot on the command line: its public endpoints, symbols as Binance writes them ({@code XRPETH}, upper case),
 * no token, and history paid in request weight ({@value BinanceHistoryClient#AGG_TRADES_WEIGHT} per page of
 * {@value BinanceFeed#MAX_PAGE_IDS} ids against the per-minute limit exchangeInfo states).
 */
public final class BinanceOptions implements FeedOptions {

    private static final long serialVersionUID = 1L;

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,30}");

    @Override
    public String name() {
        return BinanceFeed.NAME;
    }

    @Override
    public String defaultWsUrl() {
        return "wss://stream.binance.com:9443";
    }

    @Override
    public String defaultRestUrl() {
        return "https://api.binance.com";
    }

    @Override
    public String symbol(String given) {
        String symbol = given.trim().toUpperCase(Locale.ROOT);
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new InvalidOptionException("--symbols", "'" + given.trim()
                    + "' is not a symbol; use letters and digits, e.g. XRPETH,BTCUSDT");
        }
        return symbol;
    }

    @Override
    public FeedAdapter adapter(Map<String, String> values) {
        return new BinanceFeed();
    }

    @Override
    public HistoryCost cost(long ids, HistoryClient history) {
        long requests = (ids + BinanceFeed.MAX_PAGE_IDS - 1) / BinanceFeed.MAX_PAGE_IDS;
        long weight = requests * BinanceHistoryClient.AGG_TRADES_WEIGHT;
        int limit = history instanceof BinanceHistoryClient binance
                ? binance.weightLimit() : BinanceHistoryClient.DEFAULT_WEIGHT_LIMIT;
        Duration atLimit = Duration.ofMillis((long) Math.ceil(weight * 60_000.0 / limit));
        return new HistoryCost(requests, weight, "weight", atLimit,
                String.format(Locale.ROOT, "the exchange's limit of %,d weight/min", limit));
    }
}
