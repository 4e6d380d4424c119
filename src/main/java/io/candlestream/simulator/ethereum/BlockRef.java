package io.candlestream.simulator.ethereum;

/**
 * A block of the simulated chain as its header shows it.
 *
 * @param number     the block height
 * @param hash       {@code 0x} + 64 hex digits; changes when a reorg replaces the block
 * @param parentHash the hash of block {@code number - 1} on the same chain
 * @param timestamp  epoch seconds, strictly increasing with the number
 */
public record BlockRef(long number, String hash, String parentHash, long timestamp) {
}
