package io.candlestream.simulator.ethereum;

import java.util.List;
import java.util.Set;

/**
 * The address and topic part of an {@code eth_getLogs} or {@code logs} subscription filter: any of the addresses (none
 * given: every address), and per topic position any of the listed values ({@code null} or an empty list: any value).
 * Values are lower case.
 */
record LogFilter(Set<String> addresses, List<Set<String>> topics) {

    static final LogFilter ALL = new LogFilter(Set.of(), List.of());

    LogFilter {
        addresses = Set.copyOf(addresses);
        topics = List.copyOf(topics);
    }

    boolean matches(ChainLog log) {
        if (!addresses.isEmpty() && !addresses.contains(log.address())) {
            return false;
        }
        for (int i = 0; i < topics.size(); i++) {
            Set<String> wanted = topics.get(i);
            if (wanted.isEmpty()) {
                continue;
            }
            if (i >= log.topics().size() || !wanted.contains(log.topics().get(i))) {
                return false;
            }
        }
        return true;
    }
}
