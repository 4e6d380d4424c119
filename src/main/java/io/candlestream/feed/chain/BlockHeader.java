package io.candlestream.feed.chain;

/** A block as a chain's head announces it: number, hash, parent hash, timestamp (seconds). */
public record BlockHeader(long number, String hash, String parentHash, long timestamp) {

    /** The block's timestamp in epoch milliseconds (event time of its trades). */
    public long timeMillis() {
        return timestamp * 1000L;
    }
}
