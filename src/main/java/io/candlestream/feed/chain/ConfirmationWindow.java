package io.candlestream.feed.chain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds a chain session's blocks and logs until they are confirmed, and tells what to hand downstream: the blocks
 * from {@link #firstComplete()} on, each with its logs in log-index order, once it is at least the confirmation depth
 * below the newest head (or at or below the finalized block). Logs are kept by block hash, so logs that arrive before
 * their header, logs of a replaced block and {@code removed} logs all land where they belong.
 *
 * <p>Reorganisations: a header for a number the window already holds replaces that block and every newer one (their
 * logs are dropped and counted); a header whose parent is not the block below it marks the window broken, and so
 * does a header for a block already released with another hash (a reorganisation deeper than the confirmation depth,
 * {@link Reorg#beyondConfirmations()}). A broken window cannot vouch for what it would release: the session reconnects
 * and the engine backfills from the cursor.
 *
 * <p>Not thread-safe: one session, one thread.
 *
 * @param <T> what the feed decoded from a log
 */
public final class ConfirmationWindow<T> {

    /** Hashes of released blocks kept to recognise a deep reorganisation. */
    static final int RELEASED_HASHES_KEPT = 256;

    private final int depth;
    private final TreeMap<Long, BlockHeader> headers = new TreeMap<>();
    private final Map<String, List<HeldLog<T>>> logsByHash = new HashMap<>();
    private final TreeMap<Long, String> releasedHashes = new TreeMap<>();
    private long firstComplete = -1;
    private long released = -1;
    private long head = -1;
    private long finalized = -1;
    private String broken;

    /** @param depth blocks below the head a block must be to be released; negative: release up to finalized only */
    public ConfirmationWindow(int depth) {
        this.depth = depth;
    }

    /** A reorganisation the window saw. */
    public record Reorg(long fromBlock, long toBlock, int droppedLogs, boolean beyondConfirmations) {

        /** Blocks replaced. */
        public int depth() {
            return (int) (toBlock - fromBlock + 1);
        }
    }

    /**
     * Blocks from {@code block} on are complete on this connection (its subscriptions were active before they were
     * produced); nothing before it is released.
     */
    public void completeFrom(long block) {
        if (firstComplete < 0) {
            firstComplete = block;
        }
    }

    /** The first block this connection delivers completely, or -1 while unknown. */
    public long firstComplete() {
        return firstComplete;
    }

    /** Takes a new head; returns the reorganisation it reveals, if any. */
    public Reorg header(BlockHeader header) {
        Reorg reorg = null;
        String releasedHash = releasedHashes.get(header.number());
        if (releasedHash != null && !releasedHash.equals(header.hash())) {
            reorg = new Reorg(header.number(), Math.max(header.number(), released), 0, true);
            broken = "block " + header.number() + " was released as " + releasedHash + " and is now "
                    + header.hash() + ": a reorganisation deeper than the confirmation depth";
        }
        if (header.number() <= released) {
            return reorg; // a released block again: same hash (a duplicate) or a deep reorganisation, noted above
        }
        BlockHeader existing = headers.get(header.number());
        if (existing != null && !existing.hash().equals(header.hash())) {
            int dropped = 0;
            long to = headers.lastKey();
            Iterator<Map.Entry<Long, BlockHeader>> it = headers.tailMap(header.number(), true).entrySet().iterator();
            while (it.hasNext()) {
                List<HeldLog<T>> logs = logsByHash.remove(it.next().getValue().hash());
                dropped += logs == null ? 0 : logs.size();
                it.remove();
            }
            if (reorg == null) {
                reorg = new Reorg(header.number(), to, dropped, false);
            }
        }
        BlockHeader below = headers.get(header.number() - 1);
        String belowHash = below != null ? below.hash() : releasedHashes.get(header.number() - 1);
        if (belowHash != null && !belowHash.equals(header.parentHash()) && broken == null) {
            boolean deep = below == null;
            broken = "block " + header.number() + " has parent " + header.parentHash() + " but block "
                    + (header.number() - 1) + " is " + belowHash + (deep ? " (already released)" : "");
            if (deep && reorg == null) {
                reorg = new Reorg(header.number() - 1, header.number() - 1, 0, true);
            }
        }
        headers.put(header.number(), header);
        if (header.number() < head) {
            head = header.number(); // the chain went back: the old newer blocks are gone
        }
        head = Math.max(head, header.number());
        return reorg;
    }

    /** Takes a log; returns {@code false} when it belongs to a block already released (it cannot be added any more). */
    public boolean log(HeldLog<T> log) {
        if (log.block() <= released) {
            return false;
        }
        logsByHash.computeIfAbsent(log.blockHash(), h -> new ArrayList<>()).removeIf(l -> l.logIndex() == log.logIndex());
        logsByHash.get(log.blockHash()).add(log);
        return true;
    }

    /** A log the node says a reorganisation removed; returns whether it was held. */
    public boolean removed(String blockHash, int logIndex) {
        List<HeldLog<T>> logs = logsByHash.get(blockHash);
        return logs != null && logs.removeIf(l -> l.logIndex() == logIndex);
    }

    /** The newest finalized block (when the depth is {@code finalized}). */
    public void finalized(long block) {
        finalized = Math.max(finalized, block);
    }

    /** Why the window cannot release any more, or {@code null}. */
    public String broken() {
        return broken;
    }

    /** The newest head, or -1. */
    public long head() {
        return head;
    }

    /** The newest block the window may release now: head − depth, or the finalized block; -1 while unknown. */
    public long confirmedTarget() {
        if (depth < 0) {
            return Math.min(finalized, head);
        }
        return head < 0 ? -1 : head - depth;
    }

    /** The last block released, or -1. */
    public long released() {
        return released;
    }

    /** A block handed downstream, with its logs in log-index order. */
    public record Released<T>(BlockHeader header, List<HeldLog<T>> logs) {}

    /**
     * The blocks that are confirmed now, from the one after the last released (at least {@link #firstComplete()}),
     * in order; stops before a block whose header is missing or whose parent does not link (and marks the window
     * broken then). Logs of released blocks that are not on the canonical chain are dropped.
     */
    public List<Released<T>> release() {
        List<Released<T>> out = new ArrayList<>();
        if (broken != null || firstComplete < 0) {
            return out;
        }
        long target = confirmedTarget();
        long next = Math.max(released + 1, firstComplete);
        while (next <= target) {
            BlockHeader header = headers.get(next);
            if (header == null) {
                broken = "no header for block " + next + " (head " + head + ")";
                break;
            }
            String parent = releasedHashes.get(next - 1);
            if (parent != null && !parent.equals(header.parentHash())) {
                broken = "block " + next + " does not link to released block " + (next - 1);
                break;
            }
            List<HeldLog<T>> logs = logsByHash.remove(header.hash());
            List<HeldLog<T>> sorted = logs == null ? new ArrayList<>() : new ArrayList<>(logs);
            sorted.sort(Comparator.comparingInt(HeldLog::logIndex));
            out.add(new Released<>(header, sorted));
            headers.remove(next);
            releasedHashes.put(next, header.hash());
            if (releasedHashes.size() > RELEASED_HASHES_KEPT) {
                releasedHashes.pollFirstEntry();
            }
            released = next;
            next++;
        }
        if (!out.isEmpty()) {
            dropOrphanedLogsAtOrBelow(released);
        }
        return out;
    }

    /** Whether a first release is possible: the block before {@link #firstComplete()} is confirmed. */
    public boolean coverageKnown() {
        return firstComplete >= 0 && confirmedTarget() >= firstComplete - 1;
    }

    private void dropOrphanedLogsAtOrBelow(long block) {
        logsByHash.values().removeIf(logs -> logs.isEmpty() || logs.get(0).block() <= block);
    }
}
