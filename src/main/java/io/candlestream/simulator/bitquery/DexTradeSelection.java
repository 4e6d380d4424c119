package io.candlestream.simulator.bitquery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The arguments of one {@code DEXTrades} field applied to candidate swaps: {@code where} ({@link DexTradeFilter}),
 * {@code orderBy} (a list of {@code EVM_DEXTrade_Ordering}, each naming one field ascending or descending; ties keep
 * chain order, so offset paging is stable) and {@code limit: {count, offset}}, whose count defaults to and may not
 * exceed {@link #MAX_COUNT}.
 */
final class DexTradeSelection {

    /**
     * Bitquery's cap on the rows of one result: "GraphQL v2 uses a default of 25,000 rows per query result"
     * ({@code docs/graphql/limits.md}); "a per-request record cap (around 25,000 records)"
     * ({@code docs/plans/how-billing-works.mdx}).
     */
    static final int MAX_COUNT = 25_000;

    private final Predicate<DexSwap> filter;
    private final Comparator<DexSwap> order;
    private final int offset;
    private final int count;

    private DexTradeSelection(Predicate<DexSwap> filter, Comparator<DexSwap> order, int offset, int count) {
        this.filter = filter;
        this.order = order;
        this.offset = offset;
        this.count = count;
    }

    /** Compiles the arguments; a value the data cannot honour throws {@link BadArgumentException} naming it. */
    static DexTradeSelection of(Map<String, Object> where, List<Map<String, Object>> orderBy, Map<String, Object> limit) {
        Comparator<DexSwap> order = null;
        if (orderBy != null) {
            for (Map<String, Object> ordering : orderBy) {
                Comparator<DexSwap> next = ordering(ordering);
                order = order == null ? next : order.thenComparing(next);
            }
        }
        order = order == null ? ChainLog.CHAIN_ORDER : order.thenComparing(ChainLog.CHAIN_ORDER);
        int offset = 0;
        int count = MAX_COUNT;
        if (limit != null) {
            if (limit.get("offset") != null) {
                offset = (Integer) limit.get("offset");
            }
            if (limit.get("count") != null) {
                count = (Integer) limit.get("count");
            }
        }
        if (offset < 0) {
            throw new BadArgumentException("limit.offset: must be >= 0, was " + offset);
        }
        if (count < 0 || count > MAX_COUNT) {
            throw new BadArgumentException("limit.count: must be in 0.." + MAX_COUNT + " (rows per query result), was "
                    + count + "; page with limit.offset");
        }
        return new DexTradeSelection(DexTradeFilter.of(where), order, offset, count);
    }

    private static Comparator<DexSwap> ordering(Map<String, Object> ordering) {
        List<Comparator<DexSwap>> parts = new ArrayList<>();
        for (Map.Entry<String, Object> entry : ordering.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            Comparator<DexSwap> field = field(entry.getValue().toString(), "orderBy." + entry.getKey());
            parts.add(entry.getKey().startsWith("descending") ? field.reversed() : field);
        }
        if (parts.size() != 1) {
            throw new BadArgumentException("orderBy: each ordering names exactly one of ascending, descending,"
                    + " ascendingByField, descendingByField; got " + ordering.keySet());
        }
        return parts.get(0);
    }

    private static Comparator<DexSwap> field(String name, String argument) {
        return switch (name) {
            case "Block_Number" -> Comparator.comparingLong(DexSwap::blockNumber);
            case "Block_Time" -> Comparator.comparingLong(DexSwap::blockTime);
            case "Transaction_Index" -> Comparator.comparingInt(DexSwap::txIndex);
            case "Log_Index" -> Comparator.comparingInt(DexSwap::logIndex);
            default -> throw new BadArgumentException(argument + ": cannot order by '" + name
                    + "'; use Block_Number, Block_Time, Transaction_Index or Log_Index");
        };
    }

    /** The page of {@code candidates} the arguments select, in the requested order. */
    List<DexSwap> apply(List<DexSwap> candidates) {
        List<DexSwap> matching = new ArrayList<>();
        for (DexSwap swap : candidates) {
            if (filter.test(swap)) {
                matching.add(swap);
            }
        }
        matching.sort(order);
        int from = Math.min(offset, matching.size());
        int to = (int) Math.min((long) from + count, matching.size());
        return matching.subList(from, to);
    }
}
