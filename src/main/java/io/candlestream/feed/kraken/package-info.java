/**
 * The Kraken spot adapter: WebSocket v2 {@code trade} channel live, time-paged REST {@code Trades} for history, the
 * dense {@code trade_id} as cursor; pairs written as v2 writes them ({@code BTC/USD}).
 */
package io.candlestream.feed.kraken;
