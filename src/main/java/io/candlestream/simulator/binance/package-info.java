/**
 * The simulated Binance spot exchange, the built-in demo exchange and the test double of the Binance feed: the
 * {@code aggTrade} market streams on the WebSocket transport ({@code /ws}, {@code /ws/<stream>},
 * {@code /stream?streams=a/b}, the SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS control requests), the REST endpoints on
 * the HTTP server ({@code aggTrades} with Binance's parameter rules and error codes, {@code exchangeInfo},
 * {@code time}, {@code ping}, request weights and {@code X-MBX-USED-WEIGHT-1M}), Binance's byte-exact JSON, the
 * aggregate trade ({@link io.candlestream.simulator.binance.AggTrade}: its id is the cursor, {@code f..l} its own),
 * CSV replay of Binance's dumps, and the simulator with its builder and {@code main}.
 */
package io.candlestream.simulator.binance;
