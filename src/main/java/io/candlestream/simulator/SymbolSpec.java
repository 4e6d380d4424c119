package io.candlestream.simulator;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Trading rules and synthetic starting point of one symbol: base and quote asset, tick size, lot size, a plausible
 * starting price and the largest trade size, so generated decimals look like Binance's.
 *
 * @param startPriceTicks starting price in ticks
 * @param maxLots         the largest synthetic trade, in lots
 */
public record SymbolSpec(
        String symbol, String baseAsset, String quoteAsset, BigDecimal tickSize, BigDecimal lotSize,
        long startPriceTicks, long maxLots) {

    /** Binance spot writes every price and quantity with eight decimals. */
    public static final int WIRE_SCALE = 8;

    private static final List<String> QUOTE_ASSETS =
            List.of("FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY");

    /** Known symbols get their real-world scale; anything else trades around 100.00 with tick 0.01. */
    public static SymbolSpec forSymbol(String symbol) {
        String upper = symbol.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "XRPETH" -> of(upper, "0.00000001", "1", "0.00150000", 3_000);
            case "BTCUSDT" -> of(upper, "0.01", "0.00001", "60000.00", 50_000);
            case "ETHUSDT" -> of(upper, "0.01", "0.0001", "3000.00", 50_000);
            default -> of(upper, "0.01", "0.001", "100.00", 10_000);
        };
    }

    private static SymbolSpec of(String symbol, String tick, String lot, String startPrice, long maxLots) {
        BigDecimal tickSize = new BigDecimal(tick);
        long startTicks = new BigDecimal(startPrice).divide(tickSize).longValueExact();
        String quote = QUOTE_ASSETS.stream()
                .filter(q -> symbol.endsWith(q) && symbol.length() > q.length())
                .findFirst()
                .orElse(symbol.length() > 3 ? symbol.substring(symbol.length() - 3) : "USDT");
        String base = symbol.endsWith(quote) ? symbol.substring(0, symbol.length() - quote.length()) : symbol;
        return new SymbolSpec(symbol, base, quote, tickSize, new BigDecimal(lot), startTicks, maxLots);
    }

    /** A price of {@code ticks} ticks as Binance writes it. */
    public String price(long ticks) {
        return wire(tickSize.multiply(BigDecimal.valueOf(ticks)));
    }

    /** A quantity of {@code lots} lots as Binance writes it. */
    public String quantity(long lots) {
        return wire(lotSize.multiply(BigDecimal.valueOf(lots)));
    }

    public static String wire(BigDecimal value) {
        return value.setScale(WIRE_SCALE).toPlainString();
    }
}
