package io.candlestream.feed.chain;

/**
 * One log held by a {@link ConfirmationWindow} until its block is confirmed: where it is (block number and hash, log
 * index) and what the feed decoded from it.
 */
public record HeldLog<T>(long block, String blockHash, int logIndex, T payload) {}
