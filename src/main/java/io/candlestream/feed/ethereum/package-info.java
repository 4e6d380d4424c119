/**
 * The Ethereum JSON-RPC feed ({@code --feed ethereum}): candles of Uniswap V3 pools from their {@code Swap} logs.
 *
 * <ul>
 *   <li>Live ({@link io.candlestream.feed.ethereum.EthereumSession}): {@code eth_subscribe} {@code newHeads} and
 *       {@code logs} (the pools' addresses, the {@code Swap} topic) on one socket, resubscribed after every reconnect.
 *       Logs wait in a {@link io.candlestream.feed.chain.ConfirmationWindow} until their block is
 *       {@code --confirmations} below the head (or finalized); {@code removed} logs and replaced heads drop them.
 *       Subscribing to logs, rather than {@code newHeads} plus one {@code eth_getLogs} per block, costs no request
 *       per block and delivers a block's swaps with its head.
 *   <li>History ({@link io.candlestream.feed.ethereum.EthereumHistoryClient}): {@code eth_getLogs} by block range,
 *       split adaptively when a provider refuses a range (following its suggested range), timestamps from
 *       {@code blockTimestamp} or a cached {@code eth_getBlockByNumber}.
 *   <li>Endpoints that carry a key in their path come from {@code CANDLESTREAM_ETHEREUM_WS_URL} and
 *       {@code CANDLESTREAM_ETHEREUM_RPC_URL} instead of the options; only the host is ever logged.
 * </ul>
 *
 * Wire format: the Ethereum execution API's JSON-RPC (ethereum/execution-apis, {@code eth_subscribe} as geth
 * documents it: https://geth.ethereum.org/docs/interacting-with-geth/rpc/pubsub).
 */
package io.candlestream.feed.ethereum;
