package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.simulator.SimClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceSimulatorBuilderTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void buildNamesTheOptionAtFault() {
        assertMessage(BinanceSimulator.builder(), "symbols: at least one");
        assertMessage(BinanceSimulator.builder().symbols("BTC/USDT"), "symbols: 'BTC/USDT'");
        assertMessage(BinanceSimulator.builder().symbols("BTCUSDT").tradesPerMinute(0), "tradesPerMinute");
        assertMessage(BinanceSimulator.builder().symbols("BTCUSDT").requestWeightLimit(0), "requestWeightLimit");
        assertMessage(BinanceSimulator.builder().symbols("BTCUSDT").weightWindow(Duration.ZERO), "weightWindow");
        assertMessage(BinanceSimulator.builder().symbols("BTCUSDT").pingInterval(Duration.ofSeconds(-1)), "pingInterval");
        assertMessage(BinanceSimulator.builder().symbols("BTCUSDT").speed(2).clock(SimClock.startingAt(START)), "speed");
        assertMessage(BinanceSimulator.builder().replay("XRPETH", Path.of("no/such.csv")), "replay: no readable file");
    }

    @Test
    void sameSeedGivesTheSameLogAndAnotherSeedAnotherLog() {
        List<AggTrade> first = halted(7).allTrades("BTCUSDT");
        assertThat(first).hasSizeGreaterThan(100).isEqualTo(halted(7).allTrades("BTCUSDT"));
        assertThat(halted(8).allTrades("BTCUSDT")).isNotEqualTo(first);
    }

    @Test
    void nothingIsPublishedBeforeTheClockStarts() {
        try (BinanceSimulator sim = halted(7)) {
            assertThat(sim.publishedTrades("BTCUSDT")).allSatisfy(t -> assertThat(t.time()).isEqualTo(START.toEpochMilli()));
            assertThat(sim.clock().now()).isEqualTo(START);
        }
    }

    private static BinanceSimulator halted(long seed) {
        return BinanceSimulator.builder().symbols("BTCUSDT").seed(seed).clock(SimClock.accelerated(START, 60))
                .tradesPerMinute(120).haltTradingAt(START.plus(Duration.ofMinutes(10))).build();
    }

    private static void assertMessage(BinanceSimulatorBuilder builder, String expected) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
    }
}
