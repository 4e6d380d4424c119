package io.candlestream.simulator.ethereum;

/** The two {@code eth_subscribe} kinds the simulated node serves. */
public enum SubscriptionKind {
    /** {@code ["newHeads"]}: one header per new canonical block. */
    NEW_HEADS,
    /** {@code ["logs", {address, topics}]}: every matching log of each new block, and removed ones on a reorg. */
    LOGS
}
