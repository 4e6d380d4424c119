package io.candlestream.feed.bitquery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds a Bitquery session's block portions until they are {@code depth} blocks below the newest block seen, and
 * releases them in block order with their rows in log-index order.
 *
 * <p>Bitquery sends each block's rows as one portion, possibly twice and out of order, and sends nothing for a block
 * without a swap of ours, and no parent hashes: so a block is complete when its portion arrived, a block no portion
 * came for is released empty, a repeated portion (same hash) is merged by log index, and a portion for a held block
 * with another hash is a reorganisation that drops that block and every newer one (their new portions follow). A
 * portion with another hash for a released block is a reorganisation deeper than the depth: the window is broken and
 * the session reconnects. {@link io.candlestream.feed.chain.ConfirmationWindow} needs a header for every block with
 * parent links, which this source cannot give, hence this window.
 *
 * <p>Not thread-safe: one session, one thread.
 */
final class PortionWindow {

    /** Hashes of released blocks kept to recognise a deep reorganisation. */
    static final int RELEASED_HASHES_KEPT = 256;

    private final int depth;
    private final int reorderMargin;
    private final java.util.TreeSet<Long> seen = new java.util.TreeSet<>();
    private final TreeMap<Long, Portion> held = new TreeMap<>();
    private final TreeMap<Long, String> releasedHashes = new TreeMap<>();
    private long firstComplete = -1;
    private long released = -1;
    private long head = -1;
    private String broken;

    /** One block's rows as received: hash, time (epoch seconds) and rows by log index. */
    private record Portion(String hash, long time, TreeMap<Integer, DexTradeRow> rows) {}

    /** A reorganisation the window saw. */
    record Reorg(long fromBlock, long toBlock, int droppedRows, boolean beyondConfirmations) {}

    /** A released block that had a portion: its number, its time in epoch seconds and its rows by log index. */
    record Released(long block, long time, List<DexTradeRow> rows) {}

    /**
     * @param depth         blocks below the newest block seen a block must be
     * @param reorderMargin how many later portions may arrive before an earlier one: a block is released only once
     *                      more than that many newer blocks came, so a late portion is still held
     */
    PortionWindow(int depth, int reorderMargin) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1 block, was " + depth);
        }
        if (reorderMargin < 0) {
            throw new IllegalArgumentException("reorderMargin must be >= 0, was " + reorderMargin);
        }
        this.depth = depth;
        this.reorderMargin = reorderMargin;
    }

    /** Blocks from {@code block} on are complete on this connection; nothing before it is released. */
    void completeFrom(long block) {
        if (firstComplete < 0) {
            firstComplete = block;
        }
    }

    long firstComplete() {
        return firstComplete;
    }

    /** Takes one block's rows (all of the same block); returns the reorganisation it reveals, or {@code null}. */
    Reorg portion(long block, String hash, long time, List<DexTradeRow> rows) {
        head = Math.max(head, block);
        seen.add(block);
        if (seen.size() > RELEASED_HASHES_KEPT) {
            seen.pollFirst();
        }
        if (block <= released) {
            String was = releasedHashes.get(block);
            if (was != null && !was.equals(hash) && broken == null) {
                broken = "block " + block + " was released as " + was + " and is now " + hash
                        + ": a reorganisation deeper than the confirmation depth";
                return new Reorg(block, released, 0, true);
            }
            if (was == null && block >= firstComplete && broken == null) {
                broken = "the portion of block " + block + " arrived after blocks up to " + released + " were "
                        + "released (more than " + reorderMargin + " later portions came first)";
            }
            return null; // a repeated portion of a released block, or one before this connection's coverage
        }
        Reorg reorg = null;
        Portion existing = held.get(block);
        if (existing != null && !existing.hash().equals(hash)) {
            int dropped = 0;
            long to = held.lastKey();
            Iterator<Map.Entry<Long, Portion>> it = held.tailMap(block, true).entrySet().iterator();
            while (it.hasNext()) {
                dropped += it.next().getValue().rows().size();
                it.remove();
            }
            reorg = new Reorg(block, to, dropped, false);
            existing = null;
        }
        Portion portion = existing != null ? existing : new Portion(hash, time, new TreeMap<>());
        for (DexTradeRow row : rows) {
            portion.rows().put(row.logIndex(), row);
        }
        held.put(block, portion);
        return reorg;
    }

    /** A newest block known from elsewhere (a head query); the head never moves back. */
    void head(long block) {
        head = Math.max(head, block);
    }

    long head() {
        return head;
    }

    /**
     * The newest block the window may release now: head − depth, and no newer than the block that has more than
     * {@code reorderMargin} newer blocks seen (a block still to come is newer than that); -1 while unknown.
     */
    long confirmedTarget() {
        if (head < 0) {
            return -1;
        }
        long target = head - depth;
        Long bound = null;
        java.util.Iterator<Long> newest = seen.descendingIterator();
        for (int i = 0; i <= reorderMargin && newest.hasNext(); i++) {
            bound = newest.next();
        }
        if (seen.size() <= reorderMargin) {
            return Math.min(target, seen.isEmpty() ? target : seen.first() - 1);
        }
        return Math.min(target, bound);
    }

    long released() {
        return released;
    }

    /** Why the window cannot release any more, or {@code null}. */
    String broken() {
        return broken;
    }

    /** Whether a first release is possible: the block before {@link #firstComplete()} is confirmed. */
    boolean coverageKnown() {
        return firstComplete >= 0 && confirmedTarget() >= firstComplete - 1;
    }

    /**
     * Releases every block up to {@link #confirmedTarget()} after the last released (at least
     * {@link #firstComplete()}); returns those that had a portion, in order (the others had no swap of ours). Check
     * {@link #released()} for how far the release went.
     */
    List<Released> release() {
        List<Released> out = new ArrayList<>();
        if (broken != null || firstComplete < 0) {
            return out;
        }
        long target = confirmedTarget();
        long next = Math.max(released + 1, firstComplete);
        if (next > target) {
            return out;
        }
        Map<Long, Portion> confirmed = held.headMap(target, true);
        for (Map.Entry<Long, Portion> entry : confirmed.entrySet()) {
            if (entry.getKey() < next) {
                continue; // before this connection's complete delivery: the backfill loads it
            }
            Portion portion = entry.getValue();
            out.add(new Released(entry.getKey(), portion.time(), List.copyOf(portion.rows().values())));
            releasedHashes.put(entry.getKey(), portion.hash());
            if (releasedHashes.size() > RELEASED_HASHES_KEPT) {
                releasedHashes.pollFirstEntry();
            }
        }
        confirmed.clear();
        released = target;
        return out;
    }
}
