package io.candlestream.simulator.ws;

import java.time.Duration;

/**
 * Connection-keeping rules of the WebSocket server.
 *
 * @param pingInterval     how often the server pings an idle-or-not connection (Binance: 20 s)
 * @param pongTimeout      how long a ping may go unanswered before the server drops the connection (Binance: 1 min)
 * @param maxConnectionAge when the server closes a connection however healthy (Binance: 24 h)
 * @param closeTimeout     how long the server waits for the client's close frame after sending its own
 */
public record WsSettings(Duration pingInterval, Duration pongTimeout, Duration maxConnectionAge, Duration closeTimeout) {

    public WsSettings {
        for (Duration d : new Duration[] {pingInterval, pongTimeout, maxConnectionAge, closeTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every WebSocket setting must be a duration > 0, got pingInterval="
                        + pingInterval + " pongTimeout=" + pongTimeout + " maxConnectionAge=" + maxConnectionAge
                        + " closeTimeout=" + closeTimeout);
            }
        }
    }

    /** Period of the per-connection keep-alive check: fine enough for the shortest of the timeouts. */
    long tickMillis() {
        long shortest = Math.min(pingInterval.toMillis(), pongTimeout.toMillis());
        return Math.max(10, Math.min(1_000, shortest / 4));
    }
}
