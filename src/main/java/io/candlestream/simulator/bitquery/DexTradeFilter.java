package io.candlestream.simulator.bitquery;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code where} argument of {@code DEXTrades} (type {@code EVM_DEXTrade_Filter}) as a predicate on swaps: every
 * field given must match (AND), each with Bitquery's operators ({@code OLAP_BigInteger}: {@code eq ne in notIn ge le
 * gt lt} on strings; {@code OLAP_String}: {@code is not in notIn}, addresses compared without case;
 * {@code OLAP_Integer}; {@code OLAP_DateTime}: {@code is not in notIn before after till since}). The schema limits
 * which fields and operators a document may name; this class gives them their meaning.
 */
final class DexTradeFilter {

    private DexTradeFilter() {
    }

    /** The predicate for {@code where} (null: every swap). */
    static Predicate<DexSwap> of(Map<String, Object> where) {
        List<Predicate<DexSwap>> all = new ArrayList<>();
        if (where != null) {
            Map<String, Object> block = map(where, "Block");
            bigInteger(all, map(block, "Number"), "Block.Number", s -> BigInteger.valueOf(s.blockNumber()));
            dateTime(all, map(block, "Time"), "Block.Time", s -> Instant.ofEpochSecond(s.blockTime()));
            string(all, map(block, "Hash"), "Block.Hash", DexSwap::blockHash);
            Map<String, Object> tx = map(where, "Transaction");
            string(all, map(tx, "Hash"), "Transaction.Hash", DexSwap::txHash);
            integer(all, map(tx, "Index"), "Transaction.Index", DexSwap::txIndex);
            Map<String, Object> log = map(where, "Log");
            integer(all, map(log, "Index"), "Log.Index", DexSwap::logIndex);
            string(all, map(log, "SmartContract"), "Log.SmartContract", s -> s.pool().address());
            Map<String, Object> trade = map(where, "Trade");
            Map<String, Object> dex = map(trade, "Dex");
            string(all, map(dex, "SmartContract"), "Trade.Dex.SmartContract", s -> s.pool().address());
            string(all, map(dex, "ProtocolName"), "Trade.Dex.ProtocolName", s -> "uniswap_v3");
            string(all, map(map(dex, "Pair"), "SmartContract"), "Trade.Dex.Pair.SmartContract",
                    s -> s.pool().address());
            string(all, map(map(map(trade, "Buy"), "Currency"), "SmartContract"), "Trade.Buy.Currency.SmartContract",
                    s -> s.boughtToken().address());
            string(all, map(map(map(trade, "Sell"), "Currency"), "SmartContract"), "Trade.Sell.Currency.SmartContract",
                    s -> s.soldToken().address());
        }
        return swap -> all.stream().allMatch(p -> p.test(swap));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static <T extends Comparable<T>> void ordered(List<Predicate<DexSwap>> all, Map<String, Object> ops,
            String field, Function<DexSwap, T> value, Function<Object, T> parse, String eq) {
        if (ops == null) {
            return;
        }
        for (Map.Entry<String, Object> op : ops.entrySet()) {
            if (op.getValue() == null) {
                continue;
            }
            String name = field + "." + op.getKey();
            Predicate<DexSwap> p = switch (op.getKey()) {
                case "eq", "is" -> { T v = parse(parse, op.getValue(), name); yield s -> value.apply(s).compareTo(v) == 0; }
                case "ne", "not" -> { T v = parse(parse, op.getValue(), name); yield s -> value.apply(s).compareTo(v) != 0; }
                case "ge", "since" -> { T v = parse(parse, op.getValue(), name); yield s -> value.apply(s).compareTo(v) >= 0; }
                case "gt", "after" -> { T v = parse(parse, op.getValue(), name); yield s -> value.apply(s).compareTo(v) > 0; }
                case "le", "till" -> { T v = parse(parse, op.getValue(), name); yield s -> value.apply(s).compareTo(v) <= 0; }
                case "lt", "before" -> { T v = parse(parse, op.getValue(), name); yield s -> value.apply(s).compareTo(v) < 0; }
                case "in" -> { List<T> vs = parseList(parse, op.getValue(), name); yield s -> contains(vs, value.apply(s)); }
                case "notIn" -> { List<T> vs = parseList(parse, op.getValue(), name); yield s -> !contains(vs, value.apply(s)); }
                default -> throw new BadArgumentException(name + ": unknown operator; use " + eq);
            };
            all.add(p);
        }
    }

    private static <T extends Comparable<T>> boolean contains(List<T> values, T value) {
        return values.stream().anyMatch(v -> v.compareTo(value) == 0);
    }

    private static <T> T parse(Function<Object, T> parse, Object raw, String name) {
        try {
            return parse.apply(raw);
        } catch (RuntimeException e) {
            throw new BadArgumentException(name + ": '" + raw + "' is not a valid value (" + e.getMessage() + ")");
        }
    }

    private static <T> List<T> parseList(Function<Object, T> parse, Object raw, String name) {
        List<T> values = new ArrayList<>();
        for (Object item : raw instanceof List<?> list ? list : List.of(raw)) {
            if (item != null) {
                values.add(parse(parse, item, name));
            }
        }
        return values;
    }

    private static void bigInteger(List<Predicate<DexSwap>> all, Map<String, Object> ops, String field,
            Function<DexSwap, BigInteger> value) {
        ordered(all, ops, field, value, raw -> new BigInteger(raw.toString().trim()), "eq ne in notIn ge le gt lt");
    }

    private static void integer(List<Predicate<DexSwap>> all, Map<String, Object> ops, String field,
            Function<DexSwap, Integer> value) {
        ordered(all, ops, field, value, raw -> ((Number) raw).intValue(), "eq ne in notIn ge le gt lt");
    }

    private static void dateTime(List<Predicate<DexSwap>> all, Map<String, Object> ops, String field,
            Function<DexSwap, Instant> value) {
        ordered(all, ops, field, value, raw -> (Instant) raw, "is not in notIn before after till since");
    }

    private static void string(List<Predicate<DexSwap>> all, Map<String, Object> ops, String field,
            Function<DexSwap, String> value) {
        ordered(all, ops, field, s -> value.apply(s).toLowerCase(Locale.ROOT),
                raw -> raw.toString().toLowerCase(Locale.ROOT), "is not in notIn");
    }
}
