/**
 * The Kraken spot protocol on loopback: WebSocket v2 {@code trade} channel and the public REST endpoints, with its
 * own wire code (it imports nothing of {@code feed.kraken}).
 */
package io.candlestream.simulator.kraken;
