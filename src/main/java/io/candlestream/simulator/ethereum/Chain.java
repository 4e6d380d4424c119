package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.SimClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The simulated chain: consecutive blocks from the first known one, precomputed timestamps (known blocks keep theirs,
 * blocks in between advance 12 s from the previous known block but stay strictly before the next one, blocks past the
 * last known one follow every 12 s), deterministic hashes that a reorg changes, and the canonical logs per block. A
 * block is mined once its timestamp is at or before the clock; finding the head is a binary search. Thread-safe.
 */
final class Chain {

    /** Seconds between blocks where no timestamp is known, as on mainnet since the merge. */
    static final long SLOT_SECONDS = 12;

    private final long firstBlock;
    private final long[] timestamps; // of blocks firstBlock .. firstBlock + timestamps.length - 1
    private final SimClock clock;
    private final NavigableMap<Long, List<ChainLog>> logsByBlock = new TreeMap<>(); // guarded by this
    private final Map<Long, Integer> forks = new HashMap<>(); // guarded by this; absent = 0

    Chain(ChainInput input, SimClock clock) {
        this.clock = clock;
        NavigableMap<Long, Long> known = input.blockTimestamps();
        if (known.isEmpty()) {
            throw new IllegalArgumentException("the chain has no block: give logs, a CSV file or synthetic pools");
        }
        this.firstBlock = known.firstKey();
        long last = known.lastKey();
        if (last - firstBlock >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("blocks " + firstBlock + ".." + last + " are too many to simulate");
        }
        this.timestamps = new long[(int) (last - firstBlock + 1)];
        Map.Entry<Long, Long> previous = null;
        for (Map.Entry<Long, Long> next : known.entrySet()) {
            if (previous != null) {
                long blocks = next.getKey() - previous.getKey();
                if (next.getValue() - previous.getValue() < blocks) {
                    throw new IllegalArgumentException("block " + next.getKey() + " has timestamp " + next.getValue()
                            + ", less than one second per block after block " + previous.getKey() + " at "
                            + previous.getValue() + "; block timestamps must increase strictly");
                }
                for (long n = previous.getKey() + 1; n < next.getKey(); n++) {
                    long steps = n - previous.getKey();
                    timestamps[(int) (n - firstBlock)] = Math.min(previous.getValue() + SLOT_SECONDS * steps,
                            next.getValue() - (next.getKey() - n));
                }
            }
            timestamps[(int) (next.getKey() - firstBlock)] = next.getValue();
            previous = next;
        }
        Map<Long, List<ChainLog>> grouped = new TreeMap<>();
        for (ChainLog log : input.logs()) {
            if (log.blockNumber() < firstBlock) {
                throw new IllegalArgumentException("log in block " + log.blockNumber() + " lies before the chain's "
                        + "first block " + firstBlock);
            }
            grouped.computeIfAbsent(log.blockNumber(), n -> new ArrayList<>()).add(log);
        }
        grouped.forEach((n, logs) -> logsByBlock.put(n, List.copyOf(logs)));
    }

    long firstBlock() {
        return firstBlock;
    }

    /** Epoch seconds of block {@code number} (which must be at or after the first block). */
    long timestamp(long number) {
        long index = number - firstBlock;
        if (index < 0) {
            throw new IllegalArgumentException("block " + number + " is before the chain's first block " + firstBlock);
        }
        if (index < timestamps.length) {
            return timestamps[(int) index];
        }
        return timestamps[timestamps.length - 1] + SLOT_SECONDS * (index - timestamps.length + 1);
    }

    /** The newest mined block (timestamp at or before the clock), or {@code firstBlock - 1} before the first one. */
    long head() {
        long nowSeconds = Math.floorDiv(clock.nowMillis(), 1000);
        long lastKnown = timestamps[timestamps.length - 1];
        if (nowSeconds >= lastKnown) {
            return firstBlock + timestamps.length - 1 + (nowSeconds - lastKnown) / SLOT_SECONDS;
        }
        int found = Arrays.binarySearch(timestamps, nowSeconds);
        int index = found >= 0 ? found : -found - 2;
        return firstBlock + index;
    }

    /** Epoch milliseconds at which block {@code number} is mined. */
    long minedAtMillis(long number) {
        return timestamp(number) * 1000;
    }

    /** Block {@code number} of the canonical chain, mined or not. */
    synchronized BlockRef block(long number) {
        return new BlockRef(number, hash(number), hash(number - 1), timestamp(number));
    }

    /** The number of the canonical block with {@code hash}, or -1 when no canonical block has it. */
    synchronized long numberOf(String hash) {
        if (hash == null || hash.length() != 66) {
            return -1;
        }
        long number;
        try {
            number = Long.parseUnsignedLong(hash.substring(50), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
        return number >= firstBlock && hash(number).equalsIgnoreCase(hash) ? number : -1;
    }

    /** The canonical logs of block {@code number}, in log index order. */
    synchronized List<ChainLog> logs(long number) {
        return logsByBlock.getOrDefault(number, List.of());
    }

    /** The canonical logs of blocks {@code from..to} (inclusive) that {@code filter} matches, in chain order. */
    synchronized List<ChainLog> logs(long from, long to, LogFilter filter) {
        List<ChainLog> matching = new ArrayList<>();
        if (from > to) {
            return matching;
        }
        for (List<ChainLog> logs : logsByBlock.subMap(from, true, to, true).values()) {
            for (ChainLog log : logs) {
                if (filter.matches(log)) {
                    matching.add(log);
                }
            }
        }
        return matching;
    }

    /**
     * The last block {@code e} in {@code from..to} such that blocks {@code from..e} hold at most {@code maxResults}
     * logs matching {@code filter}; {@code from} itself when that block alone holds more.
     */
    synchronized long lastBlockWithin(long from, long to, LogFilter filter, long maxResults) {
        long count = 0;
        for (Map.Entry<Long, List<ChainLog>> entry : logsByBlock.subMap(from, true, to, true).entrySet()) {
            count += entry.getValue().stream().filter(filter::matches).count();
            if (count > maxResults) {
                return Math.max(from, entry.getKey() - 1);
            }
        }
        return to;
    }

    /** Every canonical log, mined or not, in chain order. */
    synchronized List<ChainLog> allLogs() {
        List<ChainLog> all = new ArrayList<>();
        logsByBlock.values().forEach(all::addAll);
        return all;
    }

    /**
     * Replaces blocks {@code head - depth + 1 .. head} by new ones (new hashes, same numbers and timestamps); with
     * {@code moveOneSwap} the last Swap log of that range moves to the next block, appended after its logs.
     */
    synchronized Reorg replace(long head, int depth, boolean moveOneSwap) {
        long from = head - depth + 1;
        if (from <= firstBlock) {
            throw new IllegalArgumentException("depth: a reorg of " + depth + " blocks at head " + head
                    + " would replace the chain's first block " + firstBlock + "; let more blocks be mined first");
        }
        List<BlockRef> oldBlocks = new ArrayList<>();
        List<ChainLog> dropped = new ArrayList<>();
        for (long n = from; n <= head; n++) {
            oldBlocks.add(block(n));
            dropped.addAll(logs(n));
        }
        for (long n = from; n <= head; n++) {
            forks.merge(n, 1, Integer::sum);
        }
        ChainLog moved = null;
        ChainLog movedTo = null;
        if (moveOneSwap) {
            for (int i = dropped.size() - 1; i >= 0 && moved == null; i--) {
                if (dropped.get(i).isSwap()) {
                    moved = dropped.get(i);
                }
            }
            if (moved != null) {
                movedTo = moveToNextBlock(moved);
            }
        }
        List<BlockRef> newBlocks = new ArrayList<>();
        for (long n = from; n <= head; n++) {
            newBlocks.add(block(n));
        }
        return new Reorg(oldBlocks, dropped, newBlocks, moved, movedTo);
    }

    private ChainLog moveToNextBlock(ChainLog log) {
        List<ChainLog> source = new ArrayList<>(logsByBlock.get(log.blockNumber()));
        source.remove(log);
        if (source.isEmpty()) {
            logsByBlock.remove(log.blockNumber());
        } else {
            logsByBlock.put(log.blockNumber(), List.copyOf(source));
        }
        long target = log.blockNumber() + 1;
        List<ChainLog> into = new ArrayList<>(logsByBlock.getOrDefault(target, List.of()));
        int logIndex = into.stream().mapToInt(ChainLog::logIndex).max().orElse(-1) + 1;
        int txIndex = into.stream().mapToInt(ChainLog::transactionIndex).max().orElse(-1) + 1;
        ChainLog moved = log.at(target, txIndex, logIndex);
        into.add(moved);
        logsByBlock.put(target, List.copyOf(into));
        return moved;
    }

    private String hash(long number) {
        int fork = forks.getOrDefault(number, 0);
        byte[] digest = sha256(ByteBuffer.allocate(40).put("candlest".getBytes(StandardCharsets.US_ASCII))
                .putLong(number).putInt(fork).array());
        ByteBuffer hash = ByteBuffer.allocate(32).put(digest, 0, 24).putLong(number);
        return "0x" + SwapAbi.hex(hash.array());
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
