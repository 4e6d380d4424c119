package io.candlestream.simulator.binance;

import io.candlestream.simulator.TradeLog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binance's 24-hour rolling-window ticker ({@code GET /api/v3/ticker/24hr}) computed from the simulator's own trade
 * logs: the trades with time in {@code [closeTime − 24 h, closeTime]}, {@code closeTime} the simulator's now. As on
 * Binance, {@code firstId}, {@code lastId} and {@code count} are raw trade ids and the number of raw trades (an
 * aggregate trade covers {@code f..l}), {@code -1, -1, 0} for a window without trades, and {@code prevClosePrice} is
 * the last price before the window. The simulator has no order book: bid and ask are the last price, with quantity 0.
 *
 * <p>A symbol's figures are kept until its window moves (a trade enters or leaves it), so a request over thousands of
 * quiet symbols costs two binary searches per symbol. Thread-safe.
 */
final class Tickers {

    static final long WINDOW_MILLIS = Duration.ofHours(24).toMillis();

    private static final String ZERO = "0.00000000";

    /** A window's figures, without the window's bounds (they move with the clock). */
    record Stats(int from, int to, String open, String high, String low, String last, String lastQty,
            String prevClose, BigDecimal volume, BigDecimal quoteVolume, long firstId, long lastId) {

        long count() {
            return firstId < 0 ? 0 : lastId - firstId + 1;
        }
    }

    private final Map<String, TradeLog<AggTrade>> logs;
    private final Map<String, Stats> cache = new ConcurrentHashMap<>();

    Tickers(Map<String, TradeLog<AggTrade>> logs) {
        this.logs = logs;
    }

    /** The answer body for {@code query} at {@code nowMillis}: an object for one {@code symbol}, else an array. */
    String answer(TickerQuery query, long nowMillis) {
        List<String> symbols = query.symbols() == null ? logs.keySet().stream().sorted().toList() : query.symbols();
        StringBuilder out = new StringBuilder(symbols.size() * (query.mini() ? 300 : 520) + 2);
        if (!query.single()) {
            out.append('[');
        }
        for (int i = 0; i < symbols.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(out, symbols.get(i), stats(symbols.get(i), nowMillis), nowMillis, query.mini());
        }
        if (!query.single()) {
            out.append(']');
        }
        return out.toString();
    }

    /** The window's figures of {@code symbol} at {@code nowMillis}. */
    Stats stats(String symbol, long nowMillis) {
        TradeLog<AggTrade> log = logs.get(symbol);
        int[] range = log.indicesBetween(nowMillis - WINDOW_MILLIS, nowMillis, nowMillis);
        Stats cached = cache.get(symbol);
        if (cached != null && cached.from() == range[0] && cached.to() == range[1]) {
            return cached;
        }
        Stats computed = compute(log, range[0], range[1]);
        cache.put(symbol, computed);
        return computed;
    }

    private static Stats compute(TradeLog<AggTrade> log, int from, int to) {
        String prevClose = from > 0 ? log.at(from - 1).price() : ZERO;
        if (from >= to) {
            String last = from > 0 ? prevClose : ZERO;
            return new Stats(from, to, last, last, last, last, ZERO, prevClose, BigDecimal.ZERO, BigDecimal.ZERO, -1,
                    -1);
        }
        List<AggTrade> window = log.slice(from, to);
        AggTrade first = window.get(0);
        AggTrade lastTrade = window.get(window.size() - 1);
        BigDecimal high = new BigDecimal(first.price());
        BigDecimal low = high;
        String highText = first.price();
        String lowText = first.price();
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        for (AggTrade trade : window) {
            BigDecimal price = new BigDecimal(trade.price());
            BigDecimal quantity = new BigDecimal(trade.quantity());
            if (price.compareTo(high) > 0) {
                high = price;
                highText = trade.price();
            }
            if (price.compareTo(low) < 0) {
                low = price;
                lowText = trade.price();
            }
            volume = volume.add(quantity);
            quote = quote.add(price.multiply(quantity));
        }
        return new Stats(from, to, first.price(), highText, lowText, lastTrade.price(), lastTrade.quantity(),
                prevClose, volume, quote, first.firstId(), lastTrade.lastId());
    }

    private static void write(StringBuilder out, String symbol, Stats s, long nowMillis, boolean mini) {
        out.append("{\"symbol\":").append(quote(symbol));
        if (!mini) {
            BigDecimal open = new BigDecimal(s.open());
            BigDecimal change = new BigDecimal(s.last()).subtract(open);
            String percent = open.signum() == 0 ? "0.000"
                    : change.multiply(BigDecimal.valueOf(100)).divide(open, 3, RoundingMode.HALF_UP).toPlainString();
            String average = s.volume().signum() == 0 ? ZERO
                    : s.quoteVolume().divide(s.volume(), 8, RoundingMode.HALF_UP).toPlainString();
            out.append(",\"priceChange\":").append(quote(eight(change)))
                    .append(",\"priceChangePercent\":").append(quote(percent))
                    .append(",\"weightedAvgPrice\":").append(quote(average))
                    .append(",\"prevClosePrice\":").append(quote(s.prevClose()))
                    .append(",\"lastPrice\":").append(quote(s.last()))
                    .append(",\"lastQty\":").append(quote(s.lastQty()))
                    .append(",\"bidPrice\":").append(quote(s.last()))
                    .append(",\"bidQty\":").append(quote(ZERO))
                    .append(",\"askPrice\":").append(quote(s.last()))
                    .append(",\"askQty\":").append(quote(ZERO));
        }
        out.append(",\"openPrice\":").append(quote(s.open()))
                .append(",\"highPrice\":").append(quote(s.high()))
                .append(",\"lowPrice\":").append(quote(s.low()));
        if (mini) {
            out.append(",\"lastPrice\":").append(quote(s.last()));
        }
        out.append(",\"volume\":").append(quote(eight(s.volume())))
                .append(",\"quoteVolume\":").append(quote(eight(s.quoteVolume().setScale(8, RoundingMode.HALF_UP))))
                .append(",\"openTime\":").append(nowMillis - WINDOW_MILLIS)
                .append(",\"closeTime\":").append(nowMillis)
                .append(",\"firstId\":").append(s.firstId())
                .append(",\"lastId\":").append(s.lastId())
                .append(",\"count\":").append(s.count())
                .append('}');
    }

    /** A decimal with at least 8 decimals, as Binance writes prices and volumes. */
    private static String eight(BigDecimal value) {
        return (value.scale() < 8 ? value.setScale(8) : value).toPlainString();
    }

    private static String quote(String value) {
        return BinanceWireFormat.quote(value);
    }
}
