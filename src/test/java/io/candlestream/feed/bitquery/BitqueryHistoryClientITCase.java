package io.candlestream.feed.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.StreamProbe;
import io.candlestream.history.HostPauses;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.bitquery.BitquerySimulator;
import io.candlestream.simulator.bitquery.DexSwap;
import io.candlestream.simulator.bitquery.SwapPool;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history client against the Bitquery simulator over real HTTP: paging, datasets, faults, tokens, the probe. */
class BitqueryHistoryClientITCase {

    private static final String TOKEN = "history-test-token";
    private static final List<SwapPool> POOLS = List.of(SwapPool.USDC_WETH, SwapPool.WETH_OSQTH);
    private static final Instant CHAIN_START = Instant.parse("2024-01-05T00:00:00Z");
    /** Ten hours of blocks; the clock stands (almost still) at their end. */
    private static final int BLOCKS = 3_000;
    private static final Instant NOW = CHAIN_START.plusSeconds(BLOCKS * 12L);
    private static final StreamId USDC_WETH = StreamId.of(BitqueryFeed.NAME, SwapPool.USDC_WETH.address());
    private static final StreamId WETH_PER_USDC = StreamId.of(BitqueryFeed.NAME,
            SwapPool.USDC_WETH.address() + ":token1");

    private BitquerySimulator sim;
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final HistoryListener listener = new HistoryListener() {
        @Override
        public void retried(StreamId stream, String reason) {
            retries.add(reason);
        }

        @Override
        public void pageRejected(StreamId stream, String reason) {
            rejected.add(reason);
        }
    };

    @BeforeEach
    void start() {
        sim = BitquerySimulator.builder().synthetic(POOLS, 7).syntheticBlocks(BLOCKS).syntheticStart(CHAIN_START)
                .clock(SimClock.accelerated(NOW, 1e-6)).archiveDelay(Duration.ofHours(1))
                .realtimeWindow(Duration.ofHours(8)).requestsPerMinute(100_000).token(TOKEN).build();
        sim.start();
    }

    @AfterEach
    void close() {
        sim.close();
    }

    private BitqueryHistoryClient client(String token, int pageRows) {
        HistorySettings settings = new HistorySettings(sim.httpUrl(), Duration.ofSeconds(10), 6,
                Duration.ofMillis(20), Duration.ofMillis(200));
        return new BitqueryHistoryClient(settings, listener, BitqueryFeed.withToken("graphql-transport-ws", 12, token),
                new HostPauses(), pageRows);
    }

    private List<DexSwap> swaps(SwapPool pool, long from, long to) {
        return sim.allSwaps().stream().filter(s -> s.pool().equals(pool))
                .filter(s -> s.blockNumber() >= from && s.blockNumber() <= to).toList();
    }

    private long firstBlock() {
        return sim.allSwaps().get(0).blockNumber();
    }

    private static Gap blocks(StreamId stream, long from, long to) {
        return new Gap(stream, new Cursor(from - 1, BitqueryFeed.LAST_INDEX), new Cursor(to + 1, 0));
    }

    /** The expected trade of a swap, computed here from the raw amounts (base token0: USDC). */
    private static void assertSameAs(List<Trade> trades, List<DexSwap> swaps, boolean baseIsToken1) {
        assertThat(trades).hasSameSizeAs(swaps);
        for (int i = 0; i < swaps.size(); i++) {
            DexSwap s = swaps.get(i);
            Trade t = trades.get(i);
            BigDecimal units0 = new BigDecimal(s.amount0().abs()).movePointLeft(s.pool().token0().decimals());
            BigDecimal units1 = new BigDecimal(s.amount1().abs()).movePointLeft(s.pool().token1().decimals());
            BigDecimal base = baseIsToken1 ? units1 : units0;
            BigDecimal quote = baseIsToken1 ? units0 : units1;
            assertThat(t.cursor()).isEqualTo(new Cursor(s.blockNumber(), s.logIndex()));
            assertThat(t.time()).isEqualTo(s.blockTime() * 1000);
            assertThat(t.quantity()).isEqualByComparingTo(base);
            assertThat(t.quote()).isEqualByComparingTo(quote);
            assertThat(t.price()).isEqualByComparingTo(quote.divide(base, MathContext.DECIMAL128));
        }
    }

    @Test
    void aRangeOverArchiveAndRealtimeIsEverySwapOfThePoolInOrderPagedBySmallPages() {
        try (BitqueryHistoryClient client = client(TOKEN, 200)) {
            long from = firstBlock();
            long to = from + BLOCKS - 100;
            List<Trade> trades = client.fetch(blocks(USDC_WETH, from, to)).join();
            List<DexSwap> expected = swaps(SwapPool.USDC_WETH, from, to);
            assertThat(expected.size()).as("several pages").isGreaterThan(3 * 200);
            assertSameAs(trades, expected, false);
            assertSameAs(client.fetch(blocks(WETH_PER_USDC, from, to)).join(), expected, true);
            assertThat(sim.stats().queries()).isGreaterThan(2L * expected.size() / 200);
        }
    }

    @Test
    void theDatasetFollowsWhereRealtimeBegins() {
        try (BitqueryHistoryClient client = client(TOKEN, 25_000)) {
            long first = firstBlock();
            long last = sim.allSwaps().get(sim.allSwaps().size() - 1).blockNumber();
            assertThat(client.dataset(USDC_WETH, first, first + 100).join()).isEqualTo("archive");
            assertThat(client.dataset(USDC_WETH, last - 10, last).join()).isEqualTo("combined");
            // realtime holds the last hour (archive delay 1 h = 300 blocks); with the margin of 300 blocks a
            // range is realtime-only once it starts that far after realtime's first block
            assertThat(client.dataset(USDC_WETH, first, last).join()).isEqualTo("combined");
            for (String dataset : List.of("archive", "combined")) {
                long from = dataset.equals("archive") ? first : last - 250;
                long to = dataset.equals("archive") ? first + 500 : last;
                assertThat(client.dataset(USDC_WETH, from, to).join()).isEqualTo(dataset);
                assertSameAs(client.fetch(blocks(USDC_WETH, from, to)).join(), swaps(SwapPool.USDC_WETH, from, to),
                        false);
            }
        }
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedAndLoseNothing() {
        sim.faults().tooManyRequests(2, Duration.ofSeconds(1)).serverErrors(2, 503);
        try (BitqueryHistoryClient client = client(TOKEN, 50)) {
            long from = firstBlock() + 200;
            long to = from + 600;
            assertSameAs(client.fetch(blocks(USDC_WETH, from, to)).join(), swaps(SwapPool.USDC_WETH, from, to), false);
        }
        assertThat(retries).hasSizeGreaterThanOrEqualTo(4);
        assertThat(String.join(" ", retries)).contains("429").contains("503");
    }

    @Test
    void aWrongTokenFailsAtOnceWithAMessageThatSaysWhereTheTokenComesFromAndNeverShowsIt() {
        String wrong = "not-the-token-42";
        try (BitqueryHistoryClient client = client(wrong, 100)) {
            assertThatThrownBy(() -> client.fetch(blocks(USDC_WETH, firstBlock(), firstBlock() + 10)).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(HistoryException.class)
                    .hasMessageContaining("HTTP 403").hasMessageContaining("CANDLESTREAM_BITQUERY_TOKEN")
                    .hasMessageContaining("not retried").message().doesNotContain(wrong);
        }
        assertThat(retries).isEmpty();
    }

    @Test
    void theProbeIsTheNewestBlockLessTheConfirmationsWithTheTimeOfTheNewestTradeAtOrBeforeIt() {
        try (BitqueryHistoryClient client = client(TOKEN, 100)) {
            List<DexSwap> all = sim.minedSwaps();
            long head = all.get(all.size() - 1).blockNumber();
            StreamProbe probe = client.probe(USDC_WETH, Duration.ZERO).join();
            assertThat(probe.head()).isEqualTo(new Cursor(head - 12, BitqueryFeed.LAST_INDEX));
            long newestConfirmedTime = all.stream().filter(s -> s.blockNumber() <= head - 12)
                    .mapToLong(DexSwap::blockTime).max().orElseThrow();
            assertThat(probe.safeTime()).isEqualTo(newestConfirmedTime * 1000 + 999);
            assertThat(client.probe(WETH_PER_USDC, Duration.ZERO).join().head()).isEqualTo(probe.head());
        }
    }

    @Test
    void theFirstPositionAtOrAfterAnInstantIsThePoolsFirstSwapFromThen() {
        try (BitqueryHistoryClient client = client(TOKEN, 100)) {
            DexSwap later = swaps(SwapPool.USDC_WETH, firstBlock() + 1000, Long.MAX_VALUE).get(0);
            assertThat(client.firstPositionAtOrAfter(USDC_WETH, later.blockTime() * 1000).join())
                    .contains(new Cursor(later.blockNumber(), 0));
            assertThat(client.positionTime(USDC_WETH, new Cursor(later.blockNumber(), 0)).join())
                    .contains(later.blockTime() * 1000);
        }
    }
}
