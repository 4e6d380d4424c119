package io.candlestream.simulator.ethereum;

/**
 * One {@code eth_subscription} frame for one subscription, what the publisher hands to the WebSocket server.
 *
 * @param subscription the subscription id, which exactly one connection owns
 * @param text         the complete JSON-RPC notification
 */
record Notification(String subscription, String text) {
}
