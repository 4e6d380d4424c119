package io.candlestream.simulator.ethereum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a chain is built from: logs and the timestamps (epoch seconds) of the blocks they are in. Merging inputs (one
 * per pool file) checks that they agree on every shared block's timestamp and never share a log position.
 *
 * @param logs            every log, ordered by block then log index
 * @param blockTimestamps the timestamp of each logged block (other blocks get theirs from the chain)
 */
record ChainInput(List<ChainLog> logs, NavigableMap<Long, Long> blockTimestamps) {

    static final Comparator<ChainLog> CHAIN_ORDER =
            Comparator.comparingLong(ChainLog::blockNumber).thenComparingInt(ChainLog::logIndex);

    ChainInput {
        List<ChainLog> sorted = new ArrayList<>(logs);
        sorted.sort(CHAIN_ORDER);
        logs = Collections.unmodifiableList(sorted);
        blockTimestamps = Collections.unmodifiableNavigableMap(new TreeMap<>(blockTimestamps));
    }

    /** One input holding every log of {@code inputs}; names {@code sources} in its errors. */
    static ChainInput merge(List<ChainInput> inputs, List<String> sources) {
        List<ChainLog> logs = new ArrayList<>();
        TreeMap<Long, Long> timestamps = new TreeMap<>();
        Map<Long, String> timestampSource = new TreeMap<>();
        Set<String> positions = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            ChainInput input = inputs.get(i);
            String source = sources.get(i);
            for (Map.Entry<Long, Long> entry : input.blockTimestamps().entrySet()) {
                Long known = timestamps.putIfAbsent(entry.getKey(), entry.getValue());
                if (known != null && !known.equals(entry.getValue())) {
                    throw new IllegalArgumentException("block " + entry.getKey() + " has timestamp " + known + " in "
                            + timestampSource.get(entry.getKey()) + " but " + entry.getValue() + " in " + source);
                }
                timestampSource.putIfAbsent(entry.getKey(), source);
            }
            for (ChainLog log : input.logs()) {
                if (!positions.add(log.blockNumber() + ":" + log.logIndex())) {
                    throw new IllegalArgumentException("block " + log.blockNumber() + " log index " + log.logIndex()
                            + " appears twice (again in " + source + "); a log position is unique per block");
                }
                logs.add(log);
            }
        }
        return new ChainInput(logs, timestamps);
    }
}
