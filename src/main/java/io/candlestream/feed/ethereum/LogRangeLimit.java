package io.candlestream.feed.ethereum;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a provider's refusal of an {@code eth_getLogs} range and the range it suggests, in the shapes providers
 * answer with: geth and Infura {@code -32005} "query returned more than 10000 results. Try with this block range
 * [0x…, 0x…]", Alchemy's "Log response size exceeded … this block range should work: [0x…, 0x…]", and plain span
 * caps without a suggestion (QuickNode's {@code -32614} "eth_getLogs is limited to a 10,000 range", "block range too
 * large", "exceed maximum block range", "range limit").
 */
final class LogRangeLimit {

    private static final Pattern SUGGESTED = Pattern.compile("\\[\\s*(0x[0-9a-fA-F]+)\\s*,\\s*(0x[0-9a-fA-F]+)\\s*]");

    private LogRangeLimit() {}

    /** Whether this error refuses the range as too large. */
    static boolean isRangeLimit(Integer code, String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return lower.contains("query returned more than") || lower.contains("log response size exceeded")
                || lower.contains("block range") || lower.contains("range too large") || lower.contains("range limit")
                || lower.contains("too many logs") || lower.contains("logs matched by query exceeds")
                || lower.contains("is limited to a") || (code != null && code == -32614)
                || (code != null && code == -32005 && lower.contains("result"));
    }

    /** The block range the provider suggests, inclusive, if it gave one. */
    static Optional<long[]> suggested(String message) {
        Matcher m = message == null ? null : SUGGESTED.matcher(message);
        if (m == null || !m.find()) {
            return Optional.empty();
        }
        return Optional.of(new long[] {Long.parseLong(m.group(1).substring(2), 16),
            Long.parseLong(m.group(2).substring(2), 16)});
    }
}
