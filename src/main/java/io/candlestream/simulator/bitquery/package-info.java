/**
 * A Bitquery-style GraphQL streaming endpoint on loopback ({@link io.candlestream.simulator.bitquery.BitquerySimulator}):
 * Uniswap V3 swaps as Bitquery's {@code EVM(network: eth) { DEXTrades … }}, live over WebSocket subscriptions and
 * historical over HTTP queries, on the shared transports ({@code simulator/ws}, {@code simulator/http}) with its own
 * wire code (it imports nothing from {@code io.candlestream.feed}). Documents are parsed, validated and executed by
 * graphql-java against the SDL of {@link io.candlestream.simulator.bitquery.BitquerySchema}.
 *
 * <p>Each behaviour follows a page of Bitquery's public documentation (repository
 * {@code bitquery/streaming-data-platform-docs}, paths below; the site is {@code docs.bitquery.io/docs/…}):
 * <ul>
 *   <li>Schema names and types ({@code EVM} arguments {@code network}/{@code dataset}/{@code mempool},
 *       {@code DEXTrades(where, orderBy, limit)}, {@code Block { Number: String, Time: DateTime, Hash }},
 *       {@code Transaction { Hash Index }}, {@code Log { Index }}, {@code Trade { Buy Sell Dex }} with
 *       {@code Amount: String}, {@code Price: Float}, {@code Currency { SmartContract Decimals Symbol }}, the
 *       {@code OLAP_BigInteger}/{@code OLAP_String}/{@code OLAP_Integer}/{@code OLAP_DateTime} filters whose
 *       {@code Block.Number} operands are strings, {@code EVM_DEXTrade_Ordering} and {@code EVM_DEXTrade_Limit
 *       {offset, count}}): {@code docs/graphql-reference/queries/evm.mdx}, {@code subscriptions/evm.mdx},
 *       {@code objects/evm-subscription.mdx}, {@code objects/evm-dextrade-fields-*.mdx},
 *       {@code inputs/evm-dextrade-*.mdx}, {@code inputs/olap-*.mdx}, {@code enums/evm-dextrade-enum-fields.mdx},
 *       {@code enums/dataset-arg-enum.mdx}.</li>
 *   <li>Buy/Sell seen from the pool: {@code Buy} is the currency the pool received, {@code Sell} the one it paid
 *       out, {@code Buy.Buyer} is the pool: {@code docs/cubes/dextrades.mdx} ("Analyzing the DEXTrades Output") and
 *       {@code docs/cubes/dextrades-dextradesbyTokens.md}. The pool's contract is {@code Trade.Dex.SmartContract}
 *       (filtered as {@code Trade: {Dex: {SmartContract: {is|in: …}}}} in
 *       {@code docs/blockchain/Ethereum/dextrades/token-trades-apis.mdx}); {@code Dex.Pair.SmartContract} and
 *       {@code Log.SmartContract} name it too.</li>
 *   <li>Row cap 25,000 ({@code limit.count} default and maximum): {@code docs/graphql/limits.md} and
 *       {@code docs/plans/how-billing-works.mdx}; offset paging needs a strong order, so ties keep chain order.</li>
 *   <li>Datasets: {@code realtime} is the default, holds about the last 8 hours and "only data that is not in the
 *       archive", including blocks that may still be reorganised ({@code docs/graphql/dataset/realtime.md});
 *       {@code archive} lags "from tens of minutes to several hours" ({@code archive.md}); {@code combined} joins
 *       both ({@code combined.md}). Subscriptions take no {@code dataset} ({@code subscriptions/evm.mdx}) and read
 *       new blocks.</li>
 *   <li>Authorisation: {@code wss://…/graphql?token=…} for WebSockets ({@code docs/authorization/websocket.md}),
 *       {@code Authorization: Bearer} or {@code ?token=} over HTTP ({@code docs/authorization/how-to-use.md}); no
 *       token is 401 "Unauthorized" ({@code docs/authorization/how-to-generate.md}), a wrong one 403
 *       ({@code docs/start/errors.md}); a WebSocket upgrade is refused with the same statuses.</li>
 *   <li>Both subprotocols, {@code ka} after the ack and at an interval on {@code graphql-ws}, unsolicited
 *       {@code pong} on {@code graphql-transport-ws}, data "in portions (by block)" with no guaranteed order, and
 *       billing per subscription: {@code docs/subscriptions/websockets.md}, {@code docs/intro.md}. The messages and
 *       close codes of the two protocols (4400, 4401, 4408, 4409, 4429) are those of their specifications
 *       (enisdenjo/graphql-ws {@code PROTOCOL.md}; apollographql/subscriptions-transport-ws).</li>
 *   <li>Silence means a dead stream (about 10 s without data or {@code ka}; no re-init on an open socket) and close
 *       1013 "client is not consuming messages fast enough": {@code docs/subscriptions/silent-disconnect-reconnect.md}
 *       and {@code docs/blockchain/Solana/solana-instruction-balance-updates.md}.</li>
 *   <li>429 for the per-minute request limit (30/90/240 per plan; no ban), backoff on 429 and 5xx:
 *       {@code docs/plans/rate-limits.mdx}, {@code docs/start/errors.md}.</li>
 * </ul>
 *
 * <p>Amounts on the wire are exact decimal strings, raw / 10^decimals, plain notation, no trailing zeros, no point for
 * whole numbers ({@link io.candlestream.simulator.bitquery.TokenAmount}); {@code Price} is a float and not meant for
 * candles. Block hashes are deterministic synthetic SHA-256 values of the block number.
 *
 * <p>Where the simulator is narrower than Bitquery, it says so in an error: one live subscription per connection,
 * network {@code eth} only, no mempool, and the {@code where} fields of the schema only.
 */
package io.candlestream.simulator.bitquery;
