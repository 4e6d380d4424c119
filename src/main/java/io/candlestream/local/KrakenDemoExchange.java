package io.candlestream.local;

import io.candlestream.simulator.kraken.KrakenSimulator;
import io.candlestream.simulator.ws.SocketFault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The demo's simulated Kraken spot exchange: three v2 pairs, a socket fault every 400 frames. */
final class KrakenDemoExchange implements DemoExchange {

    private static final List<String> SYMBOLS = List.of("BTC/USD", "ETH/EUR", "BTC/USDT");

    private KrakenSimulator exchange;

    @Override
    public String feed() {
        return "kraken";
    }

    @Override
    public List<String> symbols() {
        return SYMBOLS;
    }

    @Override
    public void start(double speed) {
        exchange = KrakenSimulator.builder()
                .symbols(SYMBOLS.toArray(String[]::new))
                .seed(Instant.now().getEpochSecond())
                .speed(speed)
                .tradesPerMinute(60)
                .quietStretchEvery(Duration.ofMinutes(17))
                .build();
        exchange.start();
        exchange.faults().silenceDuration(Duration.ofSeconds(8)).every(400, SocketFault.ABRUPT_CLOSE,
                SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME, SocketFault.CLOSE_FRAME, SocketFault.SILENCE);
    }

    @Override
    public String wsUrl() {
        return exchange.wsBaseUrl();
    }

    @Override
    public String restUrl() {
        return exchange.restBaseUrl();
    }

    @Override
    public long faultsInjected() {
        return exchange.stats().socketFaultsTotal();
    }

    @Override
    public void close() {
        if (exchange != null) {
            exchange.close();
        }
    }
}
