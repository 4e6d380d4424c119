package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.GroundTruthCandles;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One job on 300 Binance symbols of which nearly all never trade: a probe round costs one 24-hour ticker request (and
 * one clock request) whatever the number of quiet streams, a newest-trade look-up only for a stream that traded, and
 * a trade the socket never delivered on a quiet symbol is found by the probes and backfilled; the candles equal those
 * computed from the simulator's log.
 */
class ManyQuietStreamsITCase {

    private static final int SYMBOLS = 300;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String TICKER = "/api/v3/ticker/24hr";
    private static final String TIME = "/api/v3/time";
    private static final String AGG_TRADES = "/api/v3/aggTrades";

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    private record Counts(long tickers, long times, long aggTrades, long tickerWeight) {
        static Counts of(SimulatorStats stats) {
            return new Counts(stats.requestsTo(TICKER), stats.requestsTo(TIME), stats.requestsTo(AGG_TRADES),
                    stats.weightOf(TICKER));
        }
    }

    @Test
    void probeRoundsCostOneTickerForAllQuietStreamsAndFindATradeTheSocketMissed() throws Exception {
        List<String> symbols = IntStream.range(0, SYMBOLS).mapToObj(i -> "Q" + i + "USDT").toList();
        List<String> traded = List.of("Q1USDT", "Q2USDT", "Q7USDT");
        // 20× real time; a weight window of 10 s with a large limit, so the 5% probe share allows a round every
        // 270 ms and the 500 ms interval decides the pace
        try (BinanceSimulator sim = BinanceSimulator.builder().manualSymbols(symbols.toArray(String[]::new))
                        .clock(SimClock.accelerated(START, 20)).requestWeightLimit(60_000)
                        .weightWindow(Duration.ofSeconds(10)).build();
                Connection db = POSTGRES.connection()) {
            sim.start();
            JobClient job = JobUnderTest.submit(JobOptions.parse(new String[] {
                    "--feed", "binance",
                    "--symbols", String.join(",", symbols),
                    "--ws-url", sim.wsBaseUrl(),
                    "--rest-url", sim.restBaseUrl(),
                    "--intervals", "1m",
                    "--jdbc-url", POSTGRES.jdbcUrl(),
                    "--jdbc-user", POSTGRES.user(),
                    "--start-from", "latest",
                    "--checkpoint-interval", "2s",
                    "--silence-timeout", "60s",
                    "--quiet-probe-interval", "500ms"}));
            SimulatorStats stats = sim.stats();
            // the enumerator resolves each stream's start (two clock requests each, one stream after the other)
            Polling.await("every stream's start resolved", TIMEOUT,
                    () -> stats.requestsTo(TIME) - stats.requestsTo(TICKER) >= 2L * SYMBOLS);
            // the first rounds look every stream up once (at most 100 a round); from then on only the ticker
            long resolved = stats.requestsTo(TICKER);
            Polling.await("probe rounds past the first look-ups", TIMEOUT,
                    () -> stats.requestsTo(TICKER) >= resolved + 6);
            Counts before = Counts.of(stats);

            // aggregate ids are dense from 0 on each symbol, as on Binance
            for (String symbol : List.of("Q1USDT", "Q2USDT")) {
                long now = sim.clock().nowMillis();
                sim.appendTrades(symbol, List.of(
                        new AggTrade(symbol, 0, "1.25000000", "2.00000000", 10, 11, now, false),
                        new AggTrade(symbol, 1, "1.30000000", "0.50000000", 12, 12, now, true)));
            }
            Polling.await("the live trades sent", TIMEOUT, () -> stats.tradeFramesSent() >= 4);
            Thread.sleep(500);
            // Q7's trade is the frame that silences the socket for 2 s: it never reaches the job, and nothing tells
            // the job (no reconnect: the silence timeout is 60 s) but the probes
            sim.faults().silenceDuration(Duration.ofSeconds(2)).atNextFrames(SocketFault.SILENCE, 1);
            long hiddenAt = sim.clock().nowMillis();
            sim.appendTrades("Q7USDT", List.of(
                    new AggTrade("Q7USDT", 0, "9.10000000", "1.00000000", 700, 702, hiddenAt, false)));

            long target = Math.floorDiv(hiddenAt, 60_000) * 60_000 + 2 * 60_000;
            Polling.await("1m candles of the traded symbols two buckets past the hidden trade", TIMEOUT, () -> {
                List<Candle> rows = CandleRows.readAll(db);
                return traded.stream().allMatch(s -> rows.stream()
                        .anyMatch(c -> c.stream().symbol().equals(s) && c.bucketStart() >= target));
            });
            Counts after = Counts.of(stats);
            job.cancel().get();

            long rounds = after.tickers() - before.tickers();
            System.out.printf("%d probe rounds over %d quiet streams: %d ticker weight, %d clock requests, %d aggTrades"
                    + " requests%n", rounds, SYMBOLS, after.tickerWeight() - before.tickerWeight(),
                    after.times() - before.times(), after.aggTrades() - before.aggTrades());
            assertThat(rounds).as("probe rounds while trading").isGreaterThanOrEqualTo(5);
            assertThat(after.times() - before.times()).as("one clock request a round").isBetween(rounds - 2, rounds + 2);
            assertThat(after.tickerWeight() - before.tickerWeight()).as("the all-symbols ticker, weight 80 a round")
                    .isEqualTo(80 * rounds);
            // per stream that traded: a look-up after it traded (Q7: and the backfill's page); nothing for the other 297
            assertThat(after.aggTrades() - before.aggTrades()).as("aggTrades requests during %d rounds", rounds)
                    .isLessThanOrEqualTo(3L * traded.size());
            assertThat(stats.socketFaults(SocketFault.SILENCE)).as("Q7's frame silenced the socket").isEqualTo(1);
            assertThat(stats.tradeFramesSent()).as("only Q1's and Q2's trades went out on the socket").isEqualTo(4);
            assertThat(stats.bans418()).isZero();
            assertThat(stats.weightLimit429s()).isZero();

            List<Candle> rows = CandleRows.readAll(db);
            List<Candle> expected = new ArrayList<>();
            for (String symbol : traded) {
                long last = rows.stream().filter(c -> c.stream().symbol().equals(symbol))
                        .mapToLong(Candle::bucketStart).max().orElseThrow();
                expected.addAll(GroundTruthCandles.compute("binance", symbol, "1m", 60_000, sim.allTrades(symbol),
                        START.toEpochMilli(), last));
            }
            assertThat(expected).as("the hidden trade is in the ground truth")
                    .anyMatch(c -> c.stream().symbol().equals("Q7USDT") && c.tradeCount() == 3);
            CandleComparison.assertSameRows("candles of all 300 symbols", rows, expected);
        }
    }
}
