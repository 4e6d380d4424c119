/**
 * What every chain feed shares (the Ethereum JSON-RPC feed, and Bitquery's streams of the same pools): pool symbols
 * ({@code 0x<pool>} or {@code 0x<pool>:token1}), the exact price and volumes of a Uniswap V3 swap, and the
 * {@link io.candlestream.feed.chain.ConfirmationWindow} that holds logs until their block is deep enough and drops
 * what a reorganisation removes.
 *
 * <p>The cursor is {@code (block number, log index)}; event time is the block's timestamp; only blocks at the
 * confirmation depth are handed downstream, so a reorganisation inside the window changes nothing written.
 */
package io.candlestream.feed.chain;
