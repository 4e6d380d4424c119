package io.candlestream.simulator.binance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchange's own candles, computed from the simulator's trade log as Binance publishes them: one kline per bucket
 * from the bucket of the symbol's first trade up to the bucket of "now" (still open, partial), a bucket without trades
 * carrying the previous close with volume 0; the trade count counts raw trades ({@code l - f + 1}); the quote volume
 * is rounded to 8 decimals as Binance writes it.
 *
 * <p>Written here on purpose, not taken from the job's candle code: the verification compares the two, so one bug must
 * not pass both.
 */
final class Klines {

    /** One kline; decimals as they go on the wire. */
    record Kline(long openTime, long closeTime, String open, String high, String low, String close, BigDecimal volume,
            BigDecimal quoteVolume, long trades, BigDecimal takerBuyVolume, BigDecimal takerBuyQuoteVolume) {}

    private Klines() {}

    /**
     * The klines of {@code trades} (the visible log, in id order) selected by {@code query} at {@code nowMillis}:
     * open times in {@code [startTime, endTime]}, the first {@code limit} of them, or the last {@code limit} when no
     * start time is given.
     */
    static List<Kline> select(List<AggTrade> trades, KlinesQuery query, long nowMillis) {
        if (trades.isEmpty()) {
            return List.of();
        }
        long size = query.intervalMillis();
        long firstBucket = Math.floorDiv(trades.get(0).time(), size) * size;
        long lastBucket = Math.floorDiv(nowMillis, size) * size;
        long from = query.startTime() == null ? firstBucket : Math.max(firstBucket, ceil(query.startTime(), size));
        long to = query.endTime() == null ? lastBucket : Math.min(lastBucket, Math.floorDiv(query.endTime(), size) * size);
        if (from > to) {
            return List.of();
        }
        if (query.startTime() == null) {
            from = Math.max(from, to - (query.limit() - 1) * size);
        } else {
            to = Math.min(to, from + (query.limit() - 1) * size);
        }
        List<Kline> out = new ArrayList<>();
        int index = 0;
        String previousClose = null;
        while (index < trades.size() && trades.get(index).time() < from) {
            previousClose = trades.get(index).price();
            index++;
        }
        for (long open = from; open <= to; open += size) {
            long end = open + size;
            String first = null;
            String high = null;
            String low = null;
            String last = null;
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal quote = BigDecimal.ZERO;
            BigDecimal takerBuy = BigDecimal.ZERO;
            BigDecimal takerBuyQuote = BigDecimal.ZERO;
            long count = 0;
            while (index < trades.size() && trades.get(index).time() < end) {
                AggTrade trade = trades.get(index++);
                BigDecimal price = new BigDecimal(trade.price());
                BigDecimal quantity = new BigDecimal(trade.quantity());
                if (first == null) {
                    first = trade.price();
                    high = trade.price();
                    low = trade.price();
                } else {
                    if (price.compareTo(new BigDecimal(high)) > 0) {
                        high = trade.price();
                    }
                    if (price.compareTo(new BigDecimal(low)) < 0) {
                        low = trade.price();
                    }
                }
                last = trade.price();
                volume = volume.add(quantity);
                quote = quote.add(price.multiply(quantity));
                if (!trade.buyerMaker()) {
                    takerBuy = takerBuy.add(quantity);
                    takerBuyQuote = takerBuyQuote.add(price.multiply(quantity));
                }
                count += trade.lastId() - trade.firstId() + 1;
            }
            if (first == null) {
                if (previousClose == null) {
                    continue; // before the first trade: Binance has no kline
                }
                first = high = low = last = previousClose;
            }
            previousClose = last;
            out.add(new Kline(open, end - 1, first, high, low, last, volume, round(quote), count, takerBuy,
                    round(takerBuyQuote)));
        }
        return out;
    }

    /**
     * The {@code /api/v3/klines} response body: per kline an array of open time, open, high, low, close, volume, close
     * time, quote volume, trade count, taker buy volume, taker buy quote volume and the unused {@code "0"}.
     */
    static String wire(List<Kline> klines) {
        StringBuilder out = new StringBuilder(klines.size() * 160 + 2).append('[');
        for (int i = 0; i < klines.size(); i++) {
            Kline k = klines.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append('[').append(k.openTime()).append(',').append(quote(k.open())).append(',')
                    .append(quote(k.high())).append(',').append(quote(k.low())).append(',')
                    .append(quote(k.close())).append(',').append(quote(eightDecimals(k.volume()))).append(',')
                    .append(k.closeTime()).append(',').append(quote(eightDecimals(k.quoteVolume()))).append(',')
                    .append(k.trades()).append(',').append(quote(eightDecimals(k.takerBuyVolume()))).append(',')
                    .append(quote(eightDecimals(k.takerBuyQuoteVolume()))).append(",\"0\"]");
        }
        return out.append(']').toString();
    }

    /** A decimal with at least 8 decimals, as Binance writes volumes ({@code "148976.11427815"}). */
    private static String eightDecimals(BigDecimal value) {
        return (value.scale() < 8 ? value.setScale(8) : value).toPlainString();
    }

    private static String quote(String value) {
        return BinanceWireFormat.quote(value);
    }

    private static long ceil(long value, long size) {
        return Math.floorDiv(value + size - 1, size) * size;
    }

    private static BigDecimal round(BigDecimal value) {
        return value.setScale(8, RoundingMode.HALF_UP);
    }
}
