package io.candlestream.source.reader;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the live source keeps its connection and its streams' clocks.
 *
 * @param wsBaseUrl the feed's WebSocket base URL
 * @param silenceTimeout reconnect when the socket sends no frame for this long (a silent feed)
 * @param pingInterval client pings; a connection that does not answer one is dead and reconnected
 * @param quietProbeInterval a stream without live trades for this long asks the exchange whether it missed any;
 *     if not, its watermark advances to the exchange's clock, so a quiet market's candles still close
 * @param staleAfter how long the exchange may show trades the socket has not delivered before they are backfilled
 *     and the socket is reconnected
 * @param socketBuffer frames held between the socket and the reader; on overflow the connection is dropped
 * @param minBackoff first reconnect delay; doubles per failed attempt, with jitter
 * @param maxBackoff cap of the reconnect delay
 */
public record LiveSourceSettings(
        String wsBaseUrl,
        Duration silenceTimeout,
        Duration pingInterval,
        Duration quietProbeInterval,
        Duration staleAfter,
        int socketBuffer,
        Duration minBackoff,
        Duration maxBackoff) implements Serializable {

    public LiveSourceSettings {
        Objects.requireNonNull(wsBaseUrl, "wsBaseUrl");
        if (socketBuffer < 1) {
            throw new IllegalArgumentException("socketBuffer must be positive, was " + socketBuffer);
        }
    }

    /** Production defaults around the given timeouts: 20 s pings, stale after 2 probe intervals (≥ 5 s), 250 ms..30 s backoff. */
    public static LiveSourceSettings of(String wsBaseUrl, Duration silenceTimeout, Duration quietProbeInterval,
            int socketBuffer) {
        Duration stale = quietProbeInterval.multipliedBy(2);
        if (stale.compareTo(Duration.ofSeconds(5)) < 0) {
            stale = Duration.ofSeconds(5);
        }
        return new LiveSourceSettings(wsBaseUrl, silenceTimeout, Duration.ofSeconds(20), quietProbeInterval, stale,
                socketBuffer, Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    public LiveSourceSettings withBackoff(Duration min, Duration max) {
        return new LiveSourceSettings(wsBaseUrl, silenceTimeout, pingInterval, quietProbeInterval, staleAfter,
                socketBuffer, min, max);
    }
}
