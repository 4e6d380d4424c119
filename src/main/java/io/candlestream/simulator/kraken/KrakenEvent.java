package io.candlestream.simulator.kraken;

/** What the simulated exchange pushes on the WebSocket: a trade, or a heartbeat to every subscribed connection. */
sealed interface KrakenEvent {

    /** One trade on its way to the subscribers of its pair. */
    record TradeEvent(KrakenTrade trade) implements KrakenEvent {}

    /** Kraken's once-a-second {@code {"channel":"heartbeat"}} on a connection with subscriptions. */
    record Heartbeat() implements KrakenEvent {}
}
