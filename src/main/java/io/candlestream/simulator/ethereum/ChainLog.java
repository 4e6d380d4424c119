package io.candlestream.simulator.ethereum;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One log of the simulated chain as a node stores it, without the block hash (which a reorg changes): the emitting
 * contract (a pool), its block, transaction and position, its topics and its data. Hex is kept in lower case.
 *
 * @param address          the emitting contract, {@code 0x} + 40 hex digits
 * @param blockNumber      the block the log is in
 * @param transactionHash  {@code 0x} + 64 hex digits
 * @param transactionIndex the transaction's position in the block
 * @param logIndex         the log's position in the block (unique per block)
 * @param topics           0 to 4 topics of 32 bytes each, topic 0 the event signature
 * @param data             the ABI-encoded non-indexed arguments, {@code 0x} + an even number of hex digits
 */
public record ChainLog(String address, long blockNumber, String transactionHash, int transactionIndex, int logIndex,
        List<String> topics, String data) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern WORD = Pattern.compile("0x[0-9a-f]{64}");
    private static final Pattern DATA = Pattern.compile("0x([0-9a-f]{2})*");

    public ChainLog {
        address = lower(address, "address");
        transactionHash = lower(transactionHash, "transactionHash");
        data = lower(data, "data");
        Objects.requireNonNull(topics, "topics");
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("address: expected 0x and 40 hex digits, got '" + address + "'");
        }
        if (!WORD.matcher(transactionHash).matches()) {
            throw new IllegalArgumentException(
                    "transactionHash: expected 0x and 64 hex digits, got '" + transactionHash + "'");
        }
        if (!DATA.matcher(data).matches()) {
            throw new IllegalArgumentException("data: expected 0x and an even number of hex digits, got '" + data + "'");
        }
        if (blockNumber < 0 || transactionIndex < 0 || logIndex < 0) {
            throw new IllegalArgumentException("blockNumber, transactionIndex and logIndex must be >= 0, got "
                    + blockNumber + ", " + transactionIndex + ", " + logIndex);
        }
        if (topics.size() > 4) {
            throw new IllegalArgumentException("topics: a log has at most 4, got " + topics.size());
        }
        topics = topics.stream().map(topic -> {
            String lower = lower(topic, "topic");
            if (!WORD.matcher(lower).matches()) {
                throw new IllegalArgumentException("topic: expected 0x and 64 hex digits, got '" + topic + "'");
            }
            return lower;
        }).toList();
    }

    /** Whether topic 0 is the Uniswap V3 {@code Swap} event signature. */
    public boolean isSwap() {
        return !topics.isEmpty() && topics.get(0).equals(SwapAbi.SWAP_TOPIC);
    }

    /** This log re-included at another position (a reorg that moves its transaction). */
    public ChainLog at(long newBlockNumber, int newTransactionIndex, int newLogIndex) {
        return new ChainLog(address, newBlockNumber, transactionHash, newTransactionIndex, newLogIndex, topics, data);
    }

    private static String lower(String hex, String what) {
        return Objects.requireNonNull(hex, what).toLowerCase(Locale.ROOT);
    }
}
