package io.candlestream.source.suite;

import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.SimClock;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.testframe.TestResource;

/**
 * The external system of Flink's source test suite: one simulated Binance exchange whose symbols trade only what the
 * test appends, handed out in blocks so that every test case reads streams no other case has touched.
 */
public final class SimulatedExchange implements TestResource {

    private static final int SYMBOLS = 96;

    private final List<String> pool = new ArrayList<>();
    private BinanceSimulator simulator;
    private int claimed; // guarded by this

    public SimulatedExchange() {
        for (int i = 0; i < SYMBOLS; i++) {
            pool.add("SUITE" + i + "USDT");
        }
    }

    @Override
    public synchronized void startUp() {
        if (simulator != null) {
            return;
        }
        simulator = BinanceSimulator.builder()
                .manualSymbols(pool.toArray(String[]::new))
                .clock(SimClock.realTime())
                .build();
        simulator.start();
    }

    @Override
    public synchronized void tearDown() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    public synchronized BinanceSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("the simulated exchange is not started");
        }
        return simulator;
    }

    /** {@code count} symbols no earlier caller got, without trades yet. */
    public synchronized List<String> claimSymbols(int count) {
        if (claimed + count > pool.size()) {
            throw new IllegalStateException("all " + pool.size() + " symbols of the simulated exchange are in use");
        }
        List<String> symbols = List.copyOf(pool.subList(claimed, claimed + count));
        claimed += count;
        return symbols;
    }

    @Override
    public String toString() {
        return "simulated Binance exchange";
    }
}
