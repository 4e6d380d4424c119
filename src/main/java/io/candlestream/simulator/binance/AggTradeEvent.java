package io.candlestream.simulator.binance;

/** A trade on its way to the WebSocket, with the event time ({@code E}) the exchange stamps on it. */
record AggTradeEvent(AggTrade trade, long eventTimeMillis) {
}
