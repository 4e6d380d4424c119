package io.candlestream.simulator.bitquery;

import io.candlestream.simulator.SimClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Bitquery simulator standalone (the demo's backend): {@code --replay DIR_OR_FILE[,…] | --synthetic}
 * {@code --seed 7 --history-hours 2 --speed 1 --archive-delay-minutes 60 --requests-per-minute 240 --faults on|off};
 * the token it accepts comes from {@code CANDLESTREAM_BITQUERY_TOKEN} or the file named by
 * {@code CANDLESTREAM_BITQUERY_TOKEN_FILE}, never from an argument. Prints the two URLs (never the token) and runs
 * until Ctrl-C.
 */
public final class BitquerySimulatorMain {

    static final String TOKEN_ENV = "CANDLESTREAM_BITQUERY_TOKEN";
    static final String TOKEN_FILE_ENV = "CANDLESTREAM_BITQUERY_TOKEN_FILE";

    private BitquerySimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BitquerySimulator sim;
        boolean faults;
        try {
            Options options = Options.parse(args);
            faults = options.faults;
            sim = options.builder(token(System.getenv())).build();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(sim, faults);
    }

    /** The token from the environment: the variable itself, or the first line of the file it names. */
    static String token(Map<String, String> env) {
        String direct = env.get(TOKEN_ENV);
        String file = env.get(TOKEN_FILE_ENV);
        if (direct != null && !direct.isBlank()) {
            if (file != null && !file.isBlank()) {
                throw new IllegalArgumentException(TOKEN_ENV + " and " + TOKEN_FILE_ENV + " are both set; set one");
            }
            return direct.trim();
        }
        if (file != null && !file.isBlank()) {
            try {
                String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (content.isEmpty()) {
                    throw new IllegalArgumentException(TOKEN_FILE_ENV + ": the file " + file + " is empty");
                }
                return content.lines().findFirst().orElseThrow().strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(TOKEN_FILE_ENV + ": cannot read " + file + " (" + e.getMessage()
                        + ")");
            }
        }
        throw new IllegalArgumentException("no token: set " + TOKEN_ENV + " (or " + TOKEN_FILE_ENV
                + " to a file holding it) to the token clients must present");
    }

    /** The parsed command line. */
    static final class Options {
        List<Path> replay = List.of();
        long seed = 7;
        double historyHours = 2;
        double speed = 1;
        long archiveDelayMinutes = 60;
        int requestsPerMinute = 240;
        boolean faults;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--synthetic")) {
                    o.replay = List.of();
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + ": a value is required");
                }
                String value = args[++i];
                try {
                    switch (option) {
                        case "--replay" -> o.replay = Arrays.stream(value.split(",")).map(Path::of).toList();
                        case "--seed" -> o.seed = Long.parseLong(value);
                        case "--history-hours" -> o.historyHours = Double.parseDouble(value);
                        case "--speed" -> o.speed = Double.parseDouble(value);
                        case "--archive-delay-minutes" -> o.archiveDelayMinutes = Long.parseLong(value);
                        case "--requests-per-minute" -> o.requestsPerMinute = Integer.parseInt(value);
                        case "--faults" -> o.faults = switch (value) {
                            case "on" -> true;
                            case "off" -> false;
                            default -> throw new IllegalArgumentException("--faults: expected on or off, got " + value);
                        };
                        default -> throw new IllegalArgumentException("unknown option " + option + "; options are"
                                + " --replay --synthetic --seed --history-hours --speed --archive-delay-minutes"
                                + " --requests-per-minute --faults");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(option + ": '" + value + "' is not a number");
                }
            }
            if (!(o.historyHours >= 0)) {
                throw new IllegalArgumentException("--history-hours: must be >= 0, was " + o.historyHours);
            }
            return o;
        }

        BitquerySimulatorBuilder builder(String token) {
            BitquerySimulatorBuilder builder = BitquerySimulator.builder().token(token)
                    .archiveDelay(Duration.ofMinutes(archiveDelayMinutes)).requestsPerMinute(requestsPerMinute)
                    .otherDexActivity(Duration.ofDays(1)); // every block has DEX trades, as on mainnet
            if (!replay.isEmpty()) {
                return builder.replayTickCsv(replay.toArray(Path[]::new)).speed(speed);
            }
            // The synthetic chain starts history-hours back, so a client has blocks to backfill, and runs a day on.
            Instant now = Instant.ofEpochSecond(System.currentTimeMillis() / 1000);
            long historySeconds = (long) (historyHours * 3600);
            int blocks = (int) ((historySeconds + 24 * 3600) / SyntheticSwaps.BLOCK_SECONDS);
            return builder.synthetic(SwapPool.KNOWN, seed).syntheticStart(now.minusSeconds(historySeconds))
                    .syntheticBlocks(blocks).clock(SimClock.accelerated(now, speed));
        }
    }

    private static void run(BitquerySimulator sim, boolean faults) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        sim.start();
        BitqueryFaultTurns turns = faults ? new BitqueryFaultTurns(sim, Duration.ofMinutes(1)) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (turns != null) {
                turns.close();
            }
            sim.close();
            stopped.countDown();
        }, "sim-shutdown"));
        System.out.println("Bitquery simulator: " + sim.allSwaps().size() + " swaps, clock " + sim.clock()
                + ", faults " + (faults ? "on" : "off"));
        System.out.println("WebSocket: " + sim.wsUrl() + "  (append ?token=<the token>)");
        System.out.println("HTTP:      " + sim.httpUrl() + "  (Authorization: Bearer <the token>)");
        stopped.await();
    }
}
