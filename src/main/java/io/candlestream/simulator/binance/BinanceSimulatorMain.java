package io.candlestream.simulator.binance;

import io.candlestream.simulator.DaemonThreadFactory;
import io.candlestream.simulator.ws.SocketFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulator standalone for manual use: {@code --symbols XRPETH,BTCUSDT --speed 60 --seed 7 --faults on|off
 * --trades-per-minute 120 --replay XRPETH=path.csv --firehose on|off} (the firehose: trades as fast as the
 * subscribers read them); prints the two base URLs and runs until Ctrl-C.
 */
public final class BinanceSimulatorMain {

    private BinanceSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BinanceSimulatorBuilder builder = BinanceSimulator.builder();
        boolean faults = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                String value = i + 1 < args.length ? args[++i] : missing(option);
                switch (option) {
                    case "--symbols" -> builder.symbols(value.split(","));
                    case "--speed" -> builder.speed(Double.parseDouble(value));
                    case "--seed" -> builder.seed(Long.parseLong(value));
                    case "--trades-per-minute" -> builder.tradesPerMinute(Double.parseDouble(value));
                    case "--faults" -> faults = switch (value) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--faults: expected on or off, got " + value);
                    };
                    case "--firehose" -> builder.firehose(switch (value) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--firehose: expected on or off, got " + value);
                    });
                    case "--replay" -> {
                        int eq = value.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--replay: expected SYMBOL=path, got " + value);
                        }
                        builder.replay(value.substring(0, eq), Path.of(value.substring(eq + 1)));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option
                            + "; options are --symbols --speed --seed --trades-per-minute --faults --firehose --replay");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        run(builder, faults);
    }

    private static void run(BinanceSimulatorBuilder builder, boolean faults) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        BinanceSimulator sim;
        try {
            sim = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ScheduledExecutorService restFaults =
                Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-main-faults"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            restFaults.shutdownNow();
            sim.close();
            stopped.countDown();
        }, "sim-shutdown"));
        sim.start();
        if (faults) {
            sim.faults().every(300, SocketFault.CLASSIC.toArray(SocketFault[]::new));
            // REST faults come in turns, so a client meets each kind regularly.
            restFaults.scheduleAtFixedRate(() -> sim.faults()
                    .tooManyRequests(1, Duration.ofSeconds(1))
                    .serverErrors(1, 503)
                    .slowPages(1, Duration.ofSeconds(2))
                    .skipIdInPages(1), 30, 30, TimeUnit.SECONDS);
        }
        System.out.println("Binance simulator " + sim.symbols() + ", clock " + sim.clock() + ", faults "
                + (faults ? "on" : "off"));
        System.out.println("WebSocket: " + sim.wsBaseUrl());
        System.out.println("REST:      " + sim.restBaseUrl());
        stopped.await();
    }

    private static String missing(String option) {
        throw new IllegalArgumentException(option + ": a value is required");
    }
}
