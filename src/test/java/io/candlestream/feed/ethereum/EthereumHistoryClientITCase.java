package io.candlestream.feed.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ethereum.EthereumSimulator;
import io.candlestream.simulator.ethereum.RangeLimit;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Ethereum history client against the project's node simulator replaying the real day of both pools. */
class EthereumHistoryClientITCase {

    private static final StreamId WETH_BASE = StreamId.of("ethereum", RealSwapLogs.USDC_WETH + ":token1");
    private static final StreamId OSQTH_POOL = StreamId.of("ethereum", RealSwapLogs.WETH_OSQTH);
    private static final long FIRST_BLOCK = 18937547;
    private static final long LAST_BLOCK = 18944428;

    private EthereumSimulator node;
    private EthereumHistoryClient client;
    private FeedAdapter feed;

    @BeforeEach
    void startNode() {
        assumeTrue(RealSwapLogs.present(), "skipped: ../shared/data/uniswap-v3-eth/ is absent");
        node = EthereumSimulator.builder()
                .replayCsv(RealSwapLogs.raw(RealSwapLogs.USDC_WETH), RealSwapLogs.raw(RealSwapLogs.WETH_OSQTH))
                .clock(SimClock.accelerated(Instant.parse("2024-01-06T00:00:00Z"), 1))
                .build();
        node.start();
        HistorySettings settings = new HistorySettings(node.rpcUrl(), Duration.ofSeconds(5), 6, Duration.ofMillis(20),
                Duration.ofMillis(200));
        feed = new EthereumFeed(12).resolved(settings, List.of(WETH_BASE.symbol(), OSQTH_POOL.symbol()));
        client = (EthereumHistoryClient) feed.newHistoryClient(settings, HistoryListener.NOOP);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static Stream<RangeLimit> rangeLimits() {
        return Stream.of(RangeLimit.none(), RangeLimit.infuraResults(20), RangeLimit.alchemy(200, 30),
                RangeLimit.quickNodeBlocks(150));
    }

    @ParameterizedTest
    @MethodSource("rangeLimits")
    void loadsEverySwapOfTheDayExactlyWhateverRangeLimitTheProviderSets(RangeLimit limit) throws Exception {
        node.faults().rangeLimit(limit);
        node.faults().transport().tooManyRequests(2, Duration.ofSeconds(1)).serverErrors(2, 503);
        long callsBefore = node.stats().rpcCalls();
        List<Trade> trades = client.fetch(new Gap(WETH_BASE, new Cursor(FIRST_BLOCK, -1),
                new Cursor(LAST_BLOCK, EthereumFeed.LAST_INDEX + 1))).get(60, TimeUnit.SECONDS);

        List<RealSwapLogs.DecodedSwap> expected = RealSwapLogs.decodedSwaps(RealSwapLogs.USDC_WETH);
        assertThat(trades).hasSize(expected.size());
        for (int i = 0; i < trades.size(); i++) {
            Trade trade = trades.get(i);
            RealSwapLogs.DecodedSwap swap = expected.get(i);
            assertThat(trade.cursor()).isEqualTo(new Cursor(swap.block(), swap.logIndex()));
            assertThat(trade.time()).isEqualTo(swap.timestamp() * 1000);
            assertThat(trade.quantity()).isEqualByComparingTo(new BigDecimal(swap.amount1().abs(), 18));
            assertThat(trade.quoteQuantity()).isEqualByComparingTo(new BigDecimal(swap.amount0().abs(), 6));
        }
        if (limit != RangeLimit.none()) {
            assertThat(client.rangeSplits()).as("ranges split for %s", limit).isPositive();
        }
        System.out.printf("the day of one pool (%d blocks, %d swaps) under %s: %d JSON-RPC calls, %d ranges split%n",
                LAST_BLOCK - FIRST_BLOCK + 1, trades.size(), limit, node.stats().rpcCalls() - callsBefore,
                client.rangeSplits());
    }

    @Test
    void keepsOnlyTheLogsStrictlyInsideTheGapsCursors() throws Exception {
        List<RealSwapLogs.DecodedSwap> swaps = RealSwapLogs.decodedSwaps(RealSwapLogs.WETH_OSQTH);
        RealSwapLogs.DecodedSwap first = swaps.get(3);
        RealSwapLogs.DecodedSwap last = swaps.get(9);
        List<Trade> trades = client.fetch(new Gap(OSQTH_POOL, new Cursor(first.block(), first.logIndex()),
                new Cursor(last.block(), last.logIndex()))).get(30, TimeUnit.SECONDS);
        assertThat(trades).extracting(Trade::cursor).containsExactlyElementsOf(swaps.subList(4, 9).stream()
                .map(s -> new Cursor(s.block(), s.logIndex())).toList());
    }

    @Test
    void readsThePoolsTokensOnceAndRefusesAContractThatIsNotAPool() {
        EthereumFeed resolved = (EthereumFeed) feed;
        assertThat(resolved.tokens(RealSwapLogs.USDC_WETH).decimals0()).isEqualTo(6);
        assertThat(resolved.tokens(RealSwapLogs.USDC_WETH).decimals1()).isEqualTo(18);
        assertThatThrownBy(() -> new EthereumFeed(12).resolved(HistorySettings.defaults(node.rpcUrl()),
                        List.of("0x" + "12".repeat(20))))
                .isInstanceOf(HistoryException.class).hasMessageContaining("0x" + "12".repeat(20))
                .hasMessageContaining("Uniswap V3 pool");
    }

    @Test
    void findsTheFirstBlockAtOrAfterAnInstantByBinarySearch() throws Exception {
        long wanted = Instant.parse("2024-01-05T12:00:00Z").getEpochSecond();
        Cursor first = client.firstPositionAtOrAfter(OSQTH_POOL, wanted * 1000).get(30, TimeUnit.SECONDS)
                .orElseThrow();
        assertThat(first.index()).isZero();
        assertThat(node.blockAt(first.height()).timestamp()).isGreaterThanOrEqualTo(wanted);
        assertThat(node.blockAt(first.height() - 1).timestamp()).isLessThan(wanted);
        assertThat(client.positionTime(OSQTH_POOL, first).get(30, TimeUnit.SECONDS))
                .contains(node.blockAt(first.height()).timestamp() * 1000);
    }

    @Test
    void probesTheBlockAtTheConfirmationDepth() throws Exception {
        StreamProbe probe = client.probe(OSQTH_POOL, Duration.ZERO).get(30, TimeUnit.SECONDS);
        long confirmed = node.head().number() - 12;
        assertThat(probe.head()).isEqualTo(new Cursor(confirmed, EthereumFeed.LAST_INDEX));
        assertThat(probe.safeTime()).isEqualTo(node.blockAt(confirmed).timestamp() * 1000 + 999);
        long calls = node.stats().rpcCalls();
        client.probe(WETH_BASE, Duration.ZERO).get(30, TimeUnit.SECONDS);
        assertThat(node.stats().rpcCalls()).as("a second stream's probe right after reuses the answer")
                .isEqualTo(calls);
    }

    @Test
    void aSwapWithAZeroAmountIsSkipped() {
        assertThat(io.candlestream.feed.chain.SwapAmounts.trade(WETH_BASE,
                io.candlestream.feed.chain.PoolSymbol.parse(WETH_BASE.symbol()),
                ((EthereumFeed) feed).tokens(RealSwapLogs.USDC_WETH), new Cursor(1, 1), 0, BigInteger.ZERO,
                BigInteger.ONE)).isEmpty();
    }
}
