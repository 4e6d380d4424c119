package io.candlestream.feed.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Decodes a JSON-RPC log object into a {@link SwapLog}: hex quantities, the {@code Swap} topic and the ABI-encoded
 * data (five 32-byte words; the signed ones in two's complement). Anything else is a {@link BadLogException}
 * that names the field.
 */
public final class SwapLogDecoder {

    /** keccak256("Swap(address,address,int256,int256,uint160,uint128,int24)"), the event's topic 0. */
    public static final String SWAP_TOPIC = "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67";

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger INT256_MAX = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);

    private SwapLogDecoder() {}

    /** The log, or a {@link BadLogException} with {@code excerpt} as the frame shown. */
    public static SwapLog decode(JsonNode log, String excerpt) {
        String pool = text(log, "address", excerpt).toLowerCase(Locale.ROOT);
        JsonNode topics = log.get("topics");
        if (topics == null || !topics.isArray() || topics.isEmpty()
                || !SWAP_TOPIC.equalsIgnoreCase(topics.get(0).asText())) {
            throw new BadLogException("log of " + pool + " is not a Swap event (topic 0 "
                    + (topics == null || topics.isEmpty() ? "missing" : topics.get(0).asText()) + ")", excerpt);
        }
        String data = text(log, "data", excerpt);
        if (!data.startsWith("0x") || data.length() != 2 + 5 * 64) {
            throw new BadLogException("Swap data of " + pool + " must be 5 words (322 characters), was "
                    + data.length() + " characters", excerpt);
        }
        BigInteger amount0 = signed(word(data, 0, excerpt));
        BigInteger amount1 = signed(word(data, 1, excerpt));
        BigInteger sqrtPrice = word(data, 2, excerpt);
        BigInteger liquidity = word(data, 3, excerpt);
        int tick = signed(word(data, 4, excerpt)).intValueExact();
        JsonNode removed = log.get("removed");
        JsonNode timestamp = log.get("blockTimestamp");
        return new SwapLog(pool, quantity(log, "blockNumber", excerpt), text(log, "blockHash", excerpt).toLowerCase(
                Locale.ROOT), Math.toIntExact(quantity(log, "logIndex", excerpt)),
                removed != null && removed.asBoolean(), timestamp == null || timestamp.isNull() ? -1
                        : quantity(log, "blockTimestamp", excerpt), amount0, amount1, sqrtPrice, liquidity, tick);
    }

    /** A hex quantity field ({@code 0x1b4}). */
    public static long quantity(JsonNode node, String field, String excerpt) {
        String value = text(node, field, excerpt);
        try {
            if (!value.startsWith("0x")) {
                throw new NumberFormatException();
            }
            return Long.parseLong(value.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new BadLogException(field + " must be a hex quantity, was '" + value + "'", excerpt);
        }
    }

    private static String text(JsonNode node, String field, String excerpt) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadLogException("log field " + field + " missing or not a string", excerpt);
        }
        return value.asText();
    }

    private static BigInteger word(String data, int index, String excerpt) {
        try {
            return new BigInteger(data.substring(2 + index * 64, 2 + (index + 1) * 64), 16);
        } catch (NumberFormatException e) {
            throw new BadLogException("Swap data word " + index + " is not hex", excerpt);
        }
    }

    private static BigInteger signed(BigInteger word) {
        return word.compareTo(INT256_MAX) > 0 ? word.subtract(TWO_256) : word;
    }
}
