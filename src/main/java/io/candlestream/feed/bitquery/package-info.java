/**
 * The Bitquery feed ({@code --feed bitquery}): Uniswap V3 swaps on Ethereum from Bitquery's GraphQL {@code DEXTrades},
 * on the chain feeds' block-height path ({@code feed/chain}): cursor {@code (block, log index)}, sparse, confirmed
 * blocks released at {@code --confirmations} below the newest block seen.
 *
 * <ul>
 *   <li>{@link io.candlestream.feed.bitquery.BitqueryOptions} / {@link io.candlestream.feed.bitquery.BitqueryFeed}:
 *       options and adapter; the token from {@code CANDLESTREAM_BITQUERY_TOKEN(_FILE)}, read on the task, sent as
 *       {@code ?token=} on the socket and {@code Authorization: Bearer} over HTTP, never logged.</li>
 *   <li>{@code BitquerySession}: both subprotocols ({@code graphql-transport-ws}, legacy {@code graphql-ws}), one
 *       subscription for all pools, block portions in any order and repeated held in a {@code PortionWindow}.</li>
 *   <li>{@link io.candlestream.feed.bitquery.BitqueryHistoryClient}: block-range queries paged by
 *       {@code limit {count, offset}}, every page checked, the dataset chosen per range, the probe.</li>
 * </ul>
 *
 * Base and quote come from {@code Currency.SmartContract} against the pool's token0/token1 (token0 is the lower
 * address of the pair, as the Uniswap factory sorts them), decimals from {@code Currency.Decimals} of every row.
 */
package io.candlestream.feed.bitquery;
