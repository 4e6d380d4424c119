package io.candlestream.model;

/**
 * Why the source opened a {@link Gap}: what made it miss the trades the gap stands for. Carried with every chunk of
 * the gap to the backfill, its metrics and its audit trail, so "what was filled, and why" has an answer per range.
 */
public enum GapReason {
    /** A stream started from a position (a date, a height, the database) and loads history up to the live trades. */
    BOOTSTRAP("first start: history from the start position up to the live trades"),
    /** The job restarted from a checkpoint or savepoint: everything since the saved cursor. */
    RESTORE("restart from a checkpoint or savepoint: everything after the saved cursor"),
    /** The connection dropped (closed, aborted, silent, aged out) and what happened meanwhile is missing. */
    RECONNECT("connection dropped: what happened until the new connection delivered"),
    /** Ids were skipped on an open connection (dense feeds only). */
    MISSED_IDS("ids skipped on an open connection"),
    /** A malformed frame was skipped; its trades come back through this gap. */
    CORRUPT_FRAME("a malformed frame was skipped"),
    /** The socket buffer overflowed and the connection was dropped until the reader caught up. */
    OVERFLOW("socket buffer overflow: the connection was dropped until the reader caught up"),
    /** A quiet-stream probe found trades the open socket never delivered. */
    STALE_FEED("a probe found trades the open socket did not deliver"),
    /** A head (new block, newest position) showed positions the connection did not cover. */
    HEAD("a head showed positions the connection did not cover"),
    /** A repair run reloads buckets the chain check found incomplete. */
    REPAIR("repair run: buckets the chain check found incomplete"),
    /** A gap from state or a caller that did not say (state written before reasons were recorded). */
    UNSPECIFIED("not recorded");

    private final String description;

    GapReason(String description) {
        this.description = description;
    }

    /** One line for logs and the audit trail. */
    public String description() {
        return description;
    }
}
