package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.DaemonThreadFactory;
import io.candlestream.simulator.ws.SocketFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the node simulator standalone for manual use: {@code --replay a.raw.csv,b.raw.csv} or {@code --pools 2 --seed 7},
 * {@code --speed 60}, {@code --faults on|off}, {@code --block-timestamps on|off}; prints the two URLs and runs until
 * Ctrl-C.
 */
public final class EthereumSimulatorMain {

    private EthereumSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EthereumSimulatorBuilder builder = EthereumSimulator.builder();
        boolean faults = false;
        Integer pools = null;
        long seed = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                String value = i + 1 < args.length ? args[++i] : missing(option);
                switch (option) {
                    case "--replay" -> {
                        for (String file : value.split(",")) {
                            builder.replayCsv(Path.of(file));
                        }
                    }
                    case "--pools" -> pools = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--speed" -> builder.speed(Double.parseDouble(value));
                    case "--faults" -> faults = onOff(option, value);
                    case "--block-timestamps" -> builder.blockTimestamps(onOff(option, value));
                    default -> throw new IllegalArgumentException("unknown option " + option
                            + "; options are --replay --pools --seed --speed --faults --block-timestamps");
                }
            }
            if (pools != null) {
                builder.syntheticPools(pools, seed);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        run(builder, faults);
    }

    private static boolean onOff(String option, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + ": expected on or off, got " + value);
        };
    }

    private static void run(EthereumSimulatorBuilder builder, boolean faults) throws InterruptedException {
        EthereumSimulator sim;
        try {
            sim = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ScheduledExecutorService chaos =
                Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-eth-main-faults"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            chaos.shutdownNow();
            sim.close();
            stopped.countDown();
        }, "sim-eth-shutdown"));
        sim.start();
        if (faults) {
            sim.faults().transport().every(300, SocketFault.CLASSIC.toArray(SocketFault[]::new));
            // Node faults come in turns, so a client meets each kind regularly.
            chaos.scheduleAtFixedRate(() -> {
                sim.faults().transport().tooManyRequests(1, Duration.ofSeconds(1)).serverErrors(1, 503)
                        .slowPages(1, Duration.ofSeconds(2));
                sim.faults().tooManyRequestsWithoutRetryAfter(1).logsBeforeHeader(1)
                        .silentSubscriptions(Duration.ofSeconds(5), SubscriptionKind.LOGS);
                try {
                    sim.reorg(2, true);
                } catch (IllegalArgumentException e) {
                    System.err.println("reorg skipped: " + e.getMessage());
                }
            }, 30, 30, TimeUnit.SECONDS);
        }
        System.out.println("Ethereum node simulator, pools " + sim.pools().keySet() + ", first block "
                + sim.firstBlock() + ", clock " + sim.clock() + ", faults " + (faults ? "on" : "off"));
        System.out.println("WebSocket: " + sim.wsUrl());
        System.out.println("JSON-RPC:  " + sim.rpcUrl());
        stopped.await();
    }

    private static String missing(String option) {
        throw new IllegalArgumentException(option + ": a value is required");
    }
}
