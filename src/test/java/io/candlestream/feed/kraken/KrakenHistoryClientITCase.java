package io.candlestream.feed.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.history.HostPauses;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.kraken.KrakenSimulator;
import io.candlestream.simulator.kraken.KrakenTestData;
import io.candlestream.simulator.kraken.KrakenTrade;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kraken history client against the simulator replaying the real XBT/USDT trade list: a gap of ids loads exactly
 * its ids through the time-paged {@code Trades}, also when a page skips an id, Kraken rate-limits inside a 200 and the
 * server fails; the look-ups the engine needs (first trade at a time, trade at an id, newest trade, clock) answer as
 * the log says; an unknown pair fails at once with its name.
 */
class KrakenHistoryClientITCase {

    private static final StreamId BTC = StreamId.of("kraken", "BTC/USDT");
    private static final Instant NOW = Instant.parse("2025-11-11T01:00:00Z");

    private KrakenSimulator exchange;
    private KrakenHistoryClient client;
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    @BeforeEach
    void start() {
        assumeTrue(KrakenTestData.present(), KrakenTestData.absent());
        exchange = KrakenSimulator.builder().replay("BTC/USDT", KrakenTestData.DIR.resolve("XBTUSDT-trades.csv"))
                .clock(SimClock.startingAt(NOW)).build();
        exchange.start();
        HistoryListener listener = new HistoryListener() {
            @Override
            public void rateLimited(StreamId stream, String reason, Duration wait) {
                rateLimited.incrementAndGet();
            }

            @Override
            public void pageRejected(StreamId stream, String reason) {
                rejected.incrementAndGet();
            }
        };
        HistorySettings settings = new HistorySettings(exchange.restBaseUrl(), Duration.ofSeconds(5), 6,
                Duration.ofMillis(20), Duration.ofMillis(200));
        client = new KrakenHistoryClient(settings, listener,
                new KrakenHistoryOptions(20, 10, Duration.ofMillis(1200)), 1, new HostPauses(),
                System::currentTimeMillis);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    private List<KrakenTrade> log() {
        return exchange.allTrades("BTC/USDT");
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private static void assertSame(List<Trade> got, List<KrakenTrade> expected) {
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            KrakenTrade e = expected.get(i);
            Trade g = got.get(i);
            assertThat(g.cursor()).isEqualTo(Cursor.ofId(e.tradeId()));
            assertThat(g.price()).isEqualByComparingTo(new BigDecimal(e.price()));
            assertThat(g.quantity()).isEqualByComparingTo(new BigDecimal(e.volume()));
            assertThat(g.time()).as("floored time of %s", e.tradeId()).isEqualTo(e.time());
        }
    }

    @Test
    void loadsExactlyTheIdsOfAGapFromTheMiddleOfTheLogWithNoAnchorToStartFrom() throws Exception {
        List<KrakenTrade> log = log();
        KrakenTrade after = log.get(300);
        KrakenTrade before = log.get(701);

        List<Trade> trades = await(client.fetch(new Gap(BTC, after.cursor(), before.cursor())));

        assertSame(trades, log.subList(301, 701));
    }

    @Test
    void loadsConsecutiveChunksWithoutSearchingAgain() throws Exception {
        List<KrakenTrade> log = log();
        long first = log.get(0).tradeId();
        var one = client.fetch(new Gap(BTC, Cursor.ofId(first + 9), Cursor.ofId(first + 400)));
        var two = client.fetch(new Gap(BTC, Cursor.ofId(first + 399), Cursor.ofId(first + 999)));

        assertSame(await(one), log.subList(10, 400));
        assertSame(await(two), log.subList(400, 999));
    }

    @Test
    void aPageThatSkipsAnIdIsAskedForAgainAndTheGapStillComesWhole() throws Exception {
        List<KrakenTrade> log = log();
        exchange.faults().skipIdInPages(2);

        List<Trade> trades = await(client.fetch(new Gap(BTC, log.get(99).cursor(), log.get(600).cursor())));

        assertSame(trades, log.subList(100, 600));
        assertThat(exchange.stats().skippedIdPages()).isEqualTo(2);
        // a skip in a search page only moves the search on; a skip in a data page is rejected and asked for again
        assertThat(rejected.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void waitsOutKrakensRateLimitInsideA200AndServerErrorsAndLosesNothing() throws Exception {
        List<KrakenTrade> log = log();
        exchange.faults().tooManyRequests(2, Duration.ofSeconds(1)).serverErrors(2, 502);

        List<Trade> trades = await(client.fetch(new Gap(BTC, log.get(0).cursor(), log.get(999).cursor())));

        assertSame(trades, log.subList(1, 999));
        assertThat(rateLimited.get()).isGreaterThanOrEqualTo(2);
        assertThat(exchange.stats().bans418()).as("lockouts for calling during the wait").isZero();
    }

    @Test
    void answersTheLookUpsOfStartPositionsProbesAndTheDryRun() throws Exception {
        List<KrakenTrade> log = log();
        KrakenTrade middle = log.get(500);

        Optional<Trade> first = await(client.firstTradeAtOrAfter(BTC, middle.time()));
        Optional<Trade> at = await(client.tradeAt(BTC, middle.cursor()));
        Optional<Trade> latest = await(client.latestTrade(BTC));
        Optional<Trade> oldest = await(client.oldestServedTrade(BTC));
        long clock = await(client.serverTime());

        KrakenTrade expectedFirst = log.stream().filter(t -> t.time() >= middle.time()).findFirst().orElseThrow();
        assertThat(first).map(Trade::cursor).contains(expectedFirst.cursor());
        assertThat(at).map(Trade::cursor).contains(middle.cursor());
        assertThat(latest).map(Trade::cursor).contains(log.get(log.size() - 1).cursor());
        assertThat(oldest).map(Trade::cursor).contains(log.get(0).cursor());
        assertThat(await(client.firstTradeAtOrAfter(BTC, NOW.toEpochMilli()))).isEmpty();
        assertThat(await(client.tradeAt(BTC, Cursor.ofId(log.get(log.size() - 1).tradeId() + 5)))).isEmpty();
        assertThat(clock).isBetween(NOW.toEpochMilli() - 1000, NOW.toEpochMilli() + 60_000);
    }

    @Test
    void aProbeRoundReadsTheClockOnceAndIsSpacedForAQuarterOfTheCallRate() throws Exception {
        List<KrakenTrade> log = log();
        long before = exchange.clock().nowMillis();
        List<io.candlestream.feed.StreamProbe> answers = await(client.probeAll(List.of(BTC), Duration.ofSeconds(1)));

        assertThat(answers).singleElement().satisfies(p -> {
            assertThat(p.latest().cursor()).isEqualTo(log.get(log.size() - 1).cursor());
            // Kraken's clock is whole seconds: at most a second behind, less the delay and 1 ms
            assertThat(p.safeTime()).isBetween(before - 2_001, exchange.clock().nowMillis() - 1_001);
        });
        assertThat(exchange.stats().requestsTo("/0/public/Time")).isEqualTo(1);
        assertThat(client.probeSpend().orElseThrow().requests()).isEqualTo(2);
        // 1 + n calls a round at 25% of 20 calls/s
        assertThat(client.probeRoundSpacing(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(client.probeRoundSpacing(99)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anUnknownPairFailsAtOnceNamingIt() {
        StreamId unknown = StreamId.of("kraken", "ETH/EUR");

        assertThatThrownBy(() -> await(client.latestTrade(unknown)))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("Kraken lists no pair ETH/EUR");
    }
}
