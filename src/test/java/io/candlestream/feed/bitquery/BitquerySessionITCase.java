package io.candlestream.feed.bitquery;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.bitquery.BitquerySimulator;
import io.candlestream.simulator.bitquery.DexSwap;
import io.candlestream.simulator.bitquery.SwapPool;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The session on a real WebSocket to the Bitquery simulator, in both subprotocols, with duplicated and reordered
 * portions and with reorganisations within the confirmations: what it releases is exactly the (canonical) mined
 * swaps of its pools after the block it says coverage starts at.
 */
class BitquerySessionITCase {

    private static final String TOKEN = "session-test-token";
    private static final List<SwapPool> POOLS = List.of(SwapPool.USDC_WETH, SwapPool.WETH_OSQTH);
    private static final Instant START = Instant.parse("2024-01-05T00:00:00Z");
    private static final int BLOCKS = 120;
    private static final int CONFIRMATIONS = 2;

    @ParameterizedTest
    @EnumSource(BitqueryProtocol.class)
    void releasesExactlyTheMinedSwapsAfterItsCoverageStartThroughDuplicatesAndReorders(BitqueryProtocol protocol)
            throws Exception {
        OkHttpClient http = new OkHttpClient();
        try (BitquerySimulator sim = BitquerySimulator.builder().synthetic(POOLS, 3).syntheticBlocks(BLOCKS)
                .syntheticStart(START).clock(SimClock.accelerated(START.minusSeconds(24), 120))
                .keepAliveInterval(Duration.ofMillis(500)).token(TOKEN).build()) {
            sim.start();
            BitqueryFeed feed = BitqueryFeed.withToken(protocol.subprotocol(), CONFIRMATIONS, TOKEN);
            List<String> symbols = List.of(SwapPool.USDC_WETH.address(), SwapPool.USDC_WETH.address() + ":token1",
                    SwapPool.WETH_OSQTH.address());
            Connected connected = connect(http, feed, sim, symbols);
            RecordedSignals out = connected.out();
            sim.faults().duplicateNextPortions(6).reorderNextPortions(6);
            Cursor wanted = lastRelease(sim, CONFIRMATIONS);
            pump(connected, wanted, () -> { });
            connected.socket().close(1000, null);
            assertThat(sim.stats().reorderedPortions()).as("reordered portions").isPositive();
            assertReleasedExactlyTheChain(sim, symbols, out, wanted);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @ParameterizedTest
    @EnumSource(BitqueryProtocol.class)
    void releasesTheCanonicalChainThroughReorganisationsWithinTheConfirmations(BitqueryProtocol protocol)
            throws Exception {
        OkHttpClient http = new OkHttpClient();
        int confirmations = 6;
        try (BitquerySimulator sim = BitquerySimulator.builder().synthetic(POOLS, 5).syntheticBlocks(BLOCKS)
                .syntheticStart(START).clock(SimClock.accelerated(START.minusSeconds(24), 60))
                .keepAliveInterval(Duration.ofMillis(500)).token(TOKEN).build()) {
            sim.start();
            BitqueryFeed feed = BitqueryFeed.withToken(protocol.subprotocol(), confirmations, TOKEN);
            List<String> symbols = List.of(SwapPool.USDC_WETH.address(), SwapPool.WETH_OSQTH.address());
            Connected connected = connect(http, feed, sim, symbols);
            RecordedSignals out = connected.out();
            Cursor wanted = lastRelease(sim, confirmations);
            long[] reorgs = {0};
            long started = System.nanoTime();
            pump(connected, wanted, () -> {
                long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                if (second >= 2 && second <= 12 && second % 2 == 0 && reorgs[0] < second / 2) {
                    reorgs[0]++;
                    sim.faults().reorgNewestBlocks(2);
                }
            });
            connected.socket().close(1000, null);
            assertThat(sim.stats().reorgs()).as("reorganisations injected").isGreaterThanOrEqualTo(3);
            assertThat(out.matching("reorg")).as("reorganisations the session saw").isNotEmpty()
                    .allMatch(line -> line.endsWith(" false"));
            assertReleasedExactlyTheChain(sim, symbols, out, wanted);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** A session on a socket to the simulator, its opening frames sent, its signals recorded. */
    private record Connected(BitquerySession session, BlockingQueue<String> frames, WebSocket socket,
            RecordedSignals out) {}

    private static Connected connect(OkHttpClient http, BitqueryFeed feed, BitquerySimulator sim,
            List<String> symbols) {
        BitquerySession session = (BitquerySession) feed.newSession(symbols);
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = open(http, feed, sim, symbols, frames);
        RecordedSignals out = new RecordedSignals();
        out.sender = socket::send;
        session.openingFrames().forEach(socket::send);
        return new Connected(session, frames, socket, out);
    }

    private static WebSocket open(OkHttpClient http, BitqueryFeed feed, BitquerySimulator sim, List<String> symbols,
            BlockingQueue<String> frames) {
        var request = feed.liveRequest(sim.wsUrl(), symbols);
        return http.newWebSocket(new Request.Builder().url(request.url().replace("ws://", "http://"))
                .header("Sec-WebSocket-Protocol", request.subprotocol()).build(), new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                        frames.add(text);
                    }

                    @Override
                    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                        frames.add("{\"type\":\"socket failed: " + t + "\"}");
                    }
                });
    }

    /**
     * The session's last release: the depth below the newest block, and no newer than the block with more than the
     * reorder margin of newer portions.
     */
    private static Cursor lastRelease(BitquerySimulator sim, int confirmations) {
        long lastBlock = sim.allSwaps().get(sim.allSwaps().size() - 1).blockNumber();
        List<Long> blocks = sim.allSwaps().stream().map(DexSwap::blockNumber).distinct().sorted().toList();
        long bound = blocks.get(blocks.size() - 1 - BitquerySession.REORDER_MARGIN);
        return new Cursor(Math.min(lastBlock - confirmations, bound), BitqueryFeed.LAST_INDEX);
    }

    /** Feeds frames to the session until it releases {@code wanted} (a minute at most), running {@code tick} between. */
    private static void pump(Connected connected, Cursor wanted, Runnable tick) throws InterruptedException {
        RecordedSignals out = connected.out();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.lines.contains("head " + wanted) && System.nanoTime() < deadline) {
            String frame = connected.frames().poll(100, TimeUnit.MILLISECONDS);
            if (frame != null) {
                connected.session().onText(frame, out);
            }
            tick.run();
        }
    }

    /** What the session released is exactly the chain's swaps of its pools after its coverage start, up to wanted. */
    private static void assertReleasedExactlyTheChain(BitquerySimulator sim, List<String> symbols, RecordedSignals out,
            Cursor wanted) {
        assertThat(out.matching("reconnect")).isEmpty();
        assertThat(out.matching("malformed")).isEmpty();
        assertThat(out.lines).contains("head " + wanted);
        List<String> covers = out.matching("covers");
        assertThat(covers).hasSize(1);
        long coveredAfter = Long.parseLong(covers.get(0).replaceAll("covers (\\d+)/.*", "$1"));
        for (String symbol : symbols) {
            SwapPool pool = SwapPool.known(symbol.substring(0, 42)).orElseThrow();
            boolean baseIsToken1 = symbol.endsWith(":token1");
            List<DexSwap> expected = sim.allSwaps().stream().filter(s -> s.pool().equals(pool))
                    .filter(s -> s.blockNumber() > coveredAfter && s.blockNumber() <= wanted.height()).toList();
            List<Trade> got = out.trades.stream().filter(t -> t.stream().equals(StreamId.of("bitquery", symbol)))
                    .toList();
            assertThat(expected).as("swaps of %s after coverage", symbol).isNotEmpty();
            assertThat(got).extracting(Trade::cursor).containsExactlyElementsOf(expected.stream()
                    .map(s -> new Cursor(s.blockNumber(), s.logIndex())).toList());
            for (int i = 0; i < expected.size(); i++) {
                DexSwap s = expected.get(i);
                BigDecimal base = new BigDecimal((baseIsToken1 ? s.amount1() : s.amount0()).abs())
                        .movePointLeft((baseIsToken1 ? pool.token1() : pool.token0()).decimals());
                assertThat(got.get(i).quantity()).isEqualByComparingTo(base);
                assertThat(got.get(i).time()).isEqualTo(s.blockTime() * 1000);
            }
        }
    }
}
