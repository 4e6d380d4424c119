package io.candlestream.feed.bitquery;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.MalformedFrameException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads one {@code DEXTrades} row of {@link DexTradeSelection#FIELDS} into a {@link DexTradeRow}: numbers from
 * Bitquery's strings, amounts (exact decimals in token units) back to raw integers with the row's own
 * {@code Currency.Decimals}, addresses lower-cased; anything missing or out of shape is a {@link BadTradeException}.
 */
final class DexTradeDecoder {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern AMOUNT = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private DexTradeDecoder() {}

    static DexTradeRow decode(JsonNode row) {
        String excerpt = MalformedFrameException.excerpt(row.toString());
        JsonNode block = row.path("Block");
        long number = number(text(block, "Number", "Block.Number", excerpt), "Block.Number", excerpt);
        String hash = text(block, "Hash", "Block.Hash", excerpt).toLowerCase(Locale.ROOT);
        long time;
        try {
            time = Instant.parse(text(block, "Time", "Block.Time", excerpt)).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new BadTradeException("Block.Time is not an ISO-8601 instant", excerpt);
        }
        JsonNode index = row.path("Log").path("Index");
        if (!index.isInt() || index.asInt() < 0) {
            throw new BadTradeException("Log.Index missing or not a non-negative integer", excerpt);
        }
        JsonNode trade = row.path("Trade");
        String pool = address(text(trade.path("Dex"), "SmartContract", "Trade.Dex.SmartContract", excerpt),
                "Trade.Dex.SmartContract", excerpt);
        JsonNode buy = trade.path("Buy");
        JsonNode sell = trade.path("Sell");
        String buyToken = address(text(buy.path("Currency"), "SmartContract", "Trade.Buy.Currency.SmartContract",
                excerpt), "Trade.Buy.Currency.SmartContract", excerpt);
        String sellToken = address(text(sell.path("Currency"), "SmartContract", "Trade.Sell.Currency.SmartContract",
                excerpt), "Trade.Sell.Currency.SmartContract", excerpt);
        if (buyToken.equals(sellToken)) {
            throw new BadTradeException("Trade.Buy and Trade.Sell have the same currency " + buyToken, excerpt);
        }
        int buyDecimals = decimals(buy, "Trade.Buy", excerpt);
        int sellDecimals = decimals(sell, "Trade.Sell", excerpt);
        return new DexTradeRow(number, hash, time, index.asInt(), pool, buyToken, buyDecimals,
                raw(text(buy, "Amount", "Trade.Buy.Amount", excerpt), buyDecimals, "Trade.Buy.Amount", excerpt),
                sellToken, sellDecimals,
                raw(text(sell, "Amount", "Trade.Sell.Amount", excerpt), sellDecimals, "Trade.Sell.Amount", excerpt));
    }

    private static String text(JsonNode node, String field, String name, String excerpt) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new BadTradeException(name + " missing or not a string", excerpt);
        }
        return value.asText();
    }

    private static long number(String text, String name, String excerpt) {
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadTradeException(name + " '" + text + "' is not a block number", excerpt);
        }
    }

    private static String address(String text, String name, String excerpt) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(lower).matches()) {
            throw new BadTradeException(name + " '" + text + "' is not a 20-byte 0x address", excerpt);
        }
        return lower;
    }

    private static int decimals(JsonNode side, String name, String excerpt) {
        JsonNode value = side.path("Currency").get("Decimals");
        if (value == null || !value.isInt() || value.asInt() < 0 || value.asInt() > 77) {
            throw new BadTradeException(name + ".Currency.Decimals missing or not 0..77", excerpt);
        }
        return value.asInt();
    }

    /** The raw integer amount of {@code text} token units; an amount finer than the decimals is malformed. */
    private static BigInteger raw(String text, int decimals, String name, String excerpt) {
        if (!AMOUNT.matcher(text).matches()) {
            throw new BadTradeException(name + " '" + text + "' is not a plain decimal number", excerpt);
        }
        try {
            return new BigDecimal(text).movePointRight(decimals).abs().toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new BadTradeException(name + " '" + text + "' has more digits than the currency's " + decimals
                    + " decimals", excerpt);
        }
    }
}
