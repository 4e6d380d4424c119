package io.candlestream.simulator.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads JSON-RPC parameters as geth does, failing with {@code -32602} and a message naming the argument. */
final class RpcParams {

    private static final Pattern QUANTITY = Pattern.compile("0x(0|[1-9a-fA-F][0-9a-fA-F]{0,15})");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern WORD = Pattern.compile("0x[0-9a-fA-F]{64}");

    private RpcParams() {
    }

    /** Parameter {@code index} of {@code params} (an array), or a missing node. */
    static JsonNode arg(JsonNode params, int index) {
        return params.path(index);
    }

    /** A block number or tag resolved on a chain whose head is {@code head}; {@code fallback} when absent. */
    static long block(JsonNode value, String what, long head, long firstBlock, long fallback) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw RpcFailure.invalidParams("invalid argument " + what + ": expected a hex block number or a tag "
                    + "(latest, pending, safe, finalized, earliest), got " + value);
        }
        String text = value.asText();
        return switch (text) {
            case "latest", "pending" -> head;
            case "safe" -> Math.max(firstBlock, head - 32);
            case "finalized" -> Math.max(firstBlock, head - 64);
            case "earliest" -> firstBlock;
            default -> quantity(text, what);
        };
    }

    static long quantity(String text, String what) {
        if (!QUANTITY.matcher(text).matches()) {
            throw RpcFailure.invalidParams("invalid argument " + what + ": hex number expected as 0x without leading "
                    + "zeros, or a block tag, got \"" + text + "\"");
        }
        return Long.parseUnsignedLong(text.substring(2), 16);
    }

    static String address(JsonNode value, String what) {
        if (!value.isTextual() || !ADDRESS.matcher(value.asText()).matches()) {
            throw RpcFailure.invalidParams("invalid argument " + what + ": expected an address, 0x and 40 hex digits, "
                    + "got " + value);
        }
        return value.asText().toLowerCase(Locale.ROOT);
    }

    static String word(JsonNode value, String what) {
        if (!value.isTextual() || !WORD.matcher(value.asText()).matches()) {
            throw RpcFailure.invalidParams("invalid argument " + what + ": expected 0x and 64 hex digits, got " + value);
        }
        return value.asText().toLowerCase(Locale.ROOT);
    }

    /** The {@code address} and {@code topics} members of a filter object. */
    static LogFilter filter(JsonNode filter) {
        Set<String> addresses = new LinkedHashSet<>();
        JsonNode address = filter.path("address");
        if (address.isArray()) {
            address.forEach(a -> addresses.add(address(a, "address")));
        } else if (!address.isMissingNode() && !address.isNull()) {
            addresses.add(address(address, "address"));
        }
        JsonNode topics = filter.path("topics");
        List<Set<String>> positions = new ArrayList<>();
        if (!topics.isMissingNode() && !topics.isNull()) {
            if (!topics.isArray()) {
                throw RpcFailure.invalidParams("invalid argument topics: expected an array, got " + topics);
            }
            if (topics.size() > 4) {
                throw RpcFailure.invalidParams("exceed max topics");
            }
            for (int i = 0; i < topics.size(); i++) {
                JsonNode position = topics.get(i);
                Set<String> wanted = new LinkedHashSet<>();
                if (position.isArray()) {
                    for (JsonNode alternative : position) {
                        if (alternative.isNull()) {
                            wanted.clear();
                            break;
                        }
                        wanted.add(word(alternative, "topics[" + i + "]"));
                    }
                } else if (!position.isNull()) {
                    wanted.add(word(position, "topics[" + i + "]"));
                }
                positions.add(wanted);
            }
        }
        return new LogFilter(addresses, positions);
    }
}
