package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live DEX-trade subscriptions over both subprotocols through a real OkHttp client, with and without faults. */
class BitquerySubscriptionITCase {

    static final String TOKEN = "test-token-0123";
    static final List<SwapPool> POOLS = List.of(SwapPool.USDC_WETH, SwapPool.WETH_OSQTH);
    static final String SELECTION = """
            DEXTrades(where: {Trade: {Dex: {SmartContract: {in: ["0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8",
                                                                 "0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c"]}}}}) {
              Block { Number Time Hash }
              Transaction { Hash Index }
              Log { Index }
              Trade {
                Buy { Amount Price Currency { SmartContract Decimals Symbol } }
                Sell { Amount Currency { SmartContract Decimals Symbol } }
                Dex { SmartContract ProtocolName }
              }
            }""";
    static final String SUBSCRIPTION = "subscription { EVM(network: eth) { " + SELECTION + " } }";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant CLOCK_START = Instant.parse("2024-01-05T00:00:00Z");

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private BitquerySimulator sim;

    /**
     * A synthetic chain of {@code blocks} blocks whose first block is mined {@code leadWallSeconds} of wall time
     * after the start, at {@code speed}, so a client subscribes before any block.
     */
    private BitquerySimulator simulator(int blocks, double speed, double leadWallSeconds) {
        return BitquerySimulator.builder()
                .synthetic(POOLS, 7)
                .syntheticBlocks(blocks)
                .syntheticStart(CLOCK_START.plusSeconds((long) (leadWallSeconds * speed)))
                .clock(SimClock.accelerated(CLOCK_START, speed))
                .token(TOKEN)
                .keepAliveInterval(Duration.ofMillis(200))
                .build();
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
            assertThat(sim.stats().transport().internalErrors()).isZero();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private GraphqlWsClient connect(String subprotocol) {
        return new GraphqlWsClient(http, sim.wsUrl() + "?token=" + TOKEN, subprotocol);
    }

    /**
     * The swaps a subscription must deliver when its first portion is of block {@code firstReceived}: every swap from
     * that block on. (A loaded machine may subscribe after the first blocks were mined; what came before is the
     * backfill's business, not the subscription's.) Also checks that the subscription missed at most a tenth.
     */
    private List<ExpectedTrades.Key> expectedFrom(List<DexSwap> swaps, long firstReceived) {
        List<DexSwap> from = swaps.stream().filter(s -> s.blockNumber() >= firstReceived).toList();
        assertThat(from.size()).as("the subscription started in time for most blocks")
                .isGreaterThanOrEqualTo(swaps.size() * 9 / 10);
        return ExpectedTrades.of(from);
    }

    /** Collects the data messages' rows until the chain's last block arrived; one block per message. */
    private List<ExpectedTrades.Key> collectToTheEnd(GraphqlWsClient client, String dataType, List<Long> blockOrder) {
        long lastBlock = sim.allSwaps().get(sim.allSwaps().size() - 1).blockNumber();
        List<ExpectedTrades.Key> rows = new ArrayList<>();
        while (blockOrder.isEmpty() || blockOrder.get(blockOrder.size() - 1) != lastBlock) {
            GraphqlWsClient.Message message = client.awaitMessage(dataType, WAIT);
            assertThat(message.json().path("id").asText()).isEqualTo("1");
            JsonNode trades = message.json().path("payload").path("data").path("EVM").path("DEXTrades");
            List<ExpectedTrades.Key> portion = ExpectedTrades.ofRows(trades, POOLS);
            assertThat(portion).isNotEmpty();
            assertThat(portion.stream().map(ExpectedTrades.Key::block).distinct()).as("one block per portion")
                    .hasSize(1);
            blockOrder.add(portion.get(0).block());
            rows.addAll(portion);
        }
        return rows;
    }

    @Test
    void graphqlTransportWsDeliversEveryTradeOfTheSubscribedPoolsOnceBlockByBlock() {
        sim = simulator(300, 1_800, 2);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            assertThat(client.await(GraphqlWsClient.Opened.class, e -> true, WAIT).subprotocol())
                    .isEqualTo("graphql-transport-ws");
            client.send("{\"type\":\"connection_init\"}");
            client.awaitMessage("connection_ack", WAIT);
            client.subscribe("1", SUBSCRIPTION, false);
            List<Long> blocks = new ArrayList<>();
            List<ExpectedTrades.Key> rows = collectToTheEnd(client, "next", blocks);
            assertThat(rows).containsExactlyElementsOf(expectedFrom(sim.allSwaps(), blocks.get(0)));
            assertThat(blocks).isSorted();
        }
        assertThat(sim.stats().subscriptionsStarted()).isEqualTo(1);
        assertThat(sim.stats().keepAlivesSent()).isPositive();
    }

    @Test
    void legacyGraphqlWsDeliversTheSameTradesWithKaKeepAlives() {
        sim = simulator(300, 1_800, 2);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-ws")) {
            assertThat(client.await(GraphqlWsClient.Opened.class, e -> true, WAIT).subprotocol())
                    .isEqualTo("graphql-ws");
            client.send("{\"type\":\"connection_init\"}");
            client.awaitMessage("connection_ack", WAIT);
            client.awaitMessage("ka", WAIT);
            client.subscribe("1", SUBSCRIPTION, true);
            List<Long> blocks = new ArrayList<>();
            List<ExpectedTrades.Key> rows = collectToTheEnd(client, "data", blocks);
            assertThat(rows).containsExactlyElementsOf(expectedFrom(sim.allSwaps(), blocks.get(0)));
            client.awaitMessage("ka", WAIT);
            client.send("{\"id\":\"1\",\"type\":\"stop\"}");
            client.awaitMessage("complete", WAIT);
        }
        assertThat(sim.stats().subscriptionsCompleted()).isEqualTo(1);
    }

    @Test
    void aSubscriptionFilteredToOnePoolGetsOnlyThatPoolsBlocks() {
        sim = simulator(300, 1_800, 2);
        sim.start();
        String onePool = "subscription { EVM(network: eth) { DEXTrades(where: {Trade: {Dex: {SmartContract: {is: \""
                + SwapPool.WETH_OSQTH.address() + "\"}}}}) { Block { Number Hash } Transaction { Hash } Log { Index }"
                + " Trade { Buy { Amount Currency { SmartContract Decimals } } Sell { Amount Currency { SmartContract"
                + " Decimals } } Dex { SmartContract } } } } }";
        List<DexSwap> expected = sim.allSwaps().stream().filter(s -> s.pool().equals(SwapPool.WETH_OSQTH)).toList();
        long last = expected.get(expected.size() - 1).blockNumber();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            client.subscribe("1", onePool, false);
            List<ExpectedTrades.Key> rows = new ArrayList<>();
            while (rows.isEmpty() || rows.get(rows.size() - 1).block() != last) {
                rows.addAll(ExpectedTrades.ofRows(client.awaitMessage("next", WAIT).json().path("payload")
                        .path("data").path("EVM").path("DEXTrades"), POOLS));
            }
            assertThat(rows).containsExactlyElementsOf(expectedFrom(expected, rows.get(0).block()));
        }
    }

    @Test
    void aMissingOrWrongTokenIsRefusedAtTheHandshake() {
        sim = simulator(10, 1, 60);
        sim.start();
        try (GraphqlWsClient none = new GraphqlWsClient(http, sim.wsUrl(), "graphql-transport-ws");
                GraphqlWsClient wrong = new GraphqlWsClient(http, sim.wsUrl() + "?token=nope", "graphql-transport-ws")) {
            assertThat(none.await(GraphqlWsClient.Failed.class, e -> true, WAIT).status()).isEqualTo(401);
            assertThat(wrong.await(GraphqlWsClient.Failed.class, e -> true, WAIT).status()).isEqualTo(403);
        }
        assertThat(sim.stats().authFailures()).isEqualTo(2);
        assertThat(sim.stats().transport().connectionsAccepted()).isZero();
    }

    @Test
    void noAcceptableSubprotocolIsRefusedWith400() {
        sim = simulator(10, 1, 60);
        sim.start();
        try (GraphqlWsClient client = connect(null)) {
            assertThat(client.await(GraphqlWsClient.Failed.class, e -> true, WAIT).status()).isEqualTo(400);
        }
    }

    @Test
    void protocolMistakesCloseWithTheGraphqlTransportWsCodes() {
        sim = simulator(10, 1, 60);
        sim.start();
        try (GraphqlWsClient early = connect("graphql-transport-ws")) {
            early.await(GraphqlWsClient.Opened.class, e -> true, WAIT);
            early.subscribe("1", SUBSCRIPTION, false);
            assertThat(early.await(GraphqlWsClient.Closed.class, e -> true, WAIT).code()).isEqualTo(4401);
        }
        try (GraphqlWsClient twice = connect("graphql-transport-ws")) {
            twice.init(WAIT);
            twice.send("{\"type\":\"connection_init\"}");
            assertThat(twice.await(GraphqlWsClient.Closed.class, e -> true, WAIT).code()).isEqualTo(4429);
        }
        try (GraphqlWsClient garbage = connect("graphql-transport-ws")) {
            garbage.init(WAIT);
            garbage.send("not json");
            assertThat(garbage.await(GraphqlWsClient.Closed.class, e -> true, WAIT).code()).isEqualTo(4400);
        }
        assertThat(sim.stats().protocolCloses()).isEqualTo(3);
    }

    @Test
    void anInvalidSubscriptionIsAnsweredWithGraphqlErrorsAndTheConnectionStaysUsable() throws Exception {
        sim = simulator(10, 1, 60);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            client.subscribe("1", "subscription { EVM(network: eth) { DEXTrades { NoSuchField } } }", false);
            GraphqlWsClient.Message error = client.awaitMessage("error", WAIT);
            assertThat(error.json().path("id").asText()).isEqualTo("1");
            assertThat(error.json().path("payload").get(0).path("message").asText()).contains("NoSuchField");
            client.subscribe("2", "subscription { EVM(network: bsc) { DEXTrades { Block { Number } } } }", false);
            assertThat(client.awaitMessage("error", WAIT).json().path("payload").toString()).contains("network: bsc");
            client.subscribe("3", SUBSCRIPTION, false);
            Polling.await("the valid subscription to start", WAIT,
                    () -> sim.stats().subscriptionsStarted() == 1);
        }
    }

    @Test
    void aConnectionWithoutConnectionInitIsClosedWith4408() {
        sim = BitquerySimulator.builder().synthetic(POOLS, 7).syntheticBlocks(10).token(TOKEN)
                .keepAliveInterval(Duration.ofMillis(100)).connectionInitTimeout(Duration.ofMillis(300)).build();
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            assertThat(client.await(GraphqlWsClient.Closed.class, e -> true, WAIT).code()).isEqualTo(4408);
        }
    }

    @Test
    void duplicatedPortionsArriveTwiceAndNothingElseChanges() {
        sim = simulator(300, 1_800, 2);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            client.subscribe("1", SUBSCRIPTION, false);
            sim.faults().duplicateNextPortions(3);
            List<Long> blocks = new ArrayList<>();
            List<ExpectedTrades.Key> rows = collectToTheEnd(client, "next", blocks);
            Set<ExpectedTrades.Key> distinct = new LinkedHashSet<>(rows);
            assertThat(new ArrayList<>(distinct)).containsExactlyElementsOf(expectedFrom(sim.allSwaps(), blocks.get(0)));
            assertThat(blocks.size() - new LinkedHashSet<>(blocks).size()).isEqualTo(3);
        }
        assertThat(sim.stats().transport().socketFaults(SocketFault.DUPLICATE_FRAME))
                .isEqualTo(3);
    }

    @Test
    void reorderedPortionsSwapTwoBlocksAndLoseNothing() {
        sim = simulator(300, 1_800, 2);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            client.subscribe("1", SUBSCRIPTION, false);
            sim.faults().reorderNextPortions(2);
            List<Long> blocks = new ArrayList<>();
            List<ExpectedTrades.Key> rows = collectToTheEnd(client, "next", blocks);
            assertThat(rows).containsExactlyInAnyOrderElementsOf(
                    expectedFrom(sim.allSwaps(), blocks.stream().mapToLong(Long::longValue).min().orElseThrow()));
            int descents = 0;
            for (int i = 1; i < blocks.size(); i++) {
                descents += blocks.get(i) < blocks.get(i - 1) ? 1 : 0;
            }
            assertThat(descents).isEqualTo(2);
        }
        assertThat(sim.stats().reorderedPortions()).isEqualTo(2);
    }

    @Test
    void close1013EndsEveryConnectionWithTryAgainLater() {
        sim = simulator(10, 1, 60);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            client.subscribe("1", SUBSCRIPTION, false);
            sim.faults().closeConsumingTooSlowly();
            GraphqlWsClient.Closed closed = client.await(GraphqlWsClient.Closed.class, e -> true, WAIT);
            assertThat(closed.code()).isEqualTo(1013);
            assertThat(closed.reason()).contains("not consuming messages fast enough");
        }
        assertThat(sim.stats().tooSlowCloses()).isEqualTo(1);
    }

    @Test
    void silenceStopsDataAndKeepAlivesUntilItEnds() throws InterruptedException {
        sim = simulator(10, 1, 60);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-ws")) {
            client.init(WAIT);
            client.awaitMessage("ka", WAIT);
            sim.faults().silence(Duration.ofSeconds(2));
            long silencedAt = System.nanoTime();
            GraphqlWsClient.Message after = null;
            while (after == null) {
                GraphqlWsClient.Event event = client.poll(WAIT);
                assertThat(event).as("a keep-alive after the silence").isNotNull();
                if (event instanceof GraphqlWsClient.Message m && m.receivedNanos() - silencedAt > 100_000_000) {
                    after = m;
                }
            }
            assertThat(after.type()).isEqualTo("ka");
            assertThat(Duration.ofNanos(after.receivedNanos() - silencedAt)).isGreaterThan(Duration.ofMillis(1_800));
        }
    }

    @Test
    void abortsAndGoingAwayEndConnectionsAsTheTransportDoes() {
        sim = simulator(10, 1, 60);
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            sim.faults().closeGoingAway();
            assertThat(client.await(GraphqlWsClient.Closed.class, e -> true, WAIT).code()).isEqualTo(1001);
        }
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            sim.faults().closeAbruptly();
            client.await(GraphqlWsClient.Failed.class, e -> true, WAIT);
        }
    }

    @Test
    void aReorgSendsTheNewBranchOfTheNewestBlocksAgain() throws Exception {
        sim = simulator(30, 1_800, 0);
        sim.start();
        long lastBlock = sim.allSwaps().get(sim.allSwaps().size() - 1).blockNumber();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            client.subscribe("1", SUBSCRIPTION, false);
            Polling.await("the subscription and the whole chain", WAIT,
                    () -> sim.stats().subscriptionsStarted() == 1 && sim.minedSwaps().size() == sim.allSwaps().size());
            List<DexSwap> before = sim.allSwaps();
            sim.faults().reorgNewestBlocks(2);
            List<DexSwap> after = sim.allSwaps();
            List<Long> newest = after.stream().map(DexSwap::blockNumber).distinct().sorted().toList();
            List<Long> branch = newest.subList(newest.size() - 2, newest.size());
            List<ExpectedTrades.Key> resent = new ArrayList<>();
            while (resent.stream().map(ExpectedTrades.Key::block).distinct().count() < 2
                    || !resent.get(resent.size() - 1).blockHash().equals(after.get(after.size() - 1).blockHash())) {
                JsonNode trades = client.awaitMessage("next", WAIT).json().path("payload").path("data").path("EVM")
                        .path("DEXTrades");
                List<ExpectedTrades.Key> portion = ExpectedTrades.ofRows(trades, POOLS);
                if (branch.contains(portion.get(0).block())
                        && !before.stream().anyMatch(s -> s.blockHash().equals(portion.get(0).blockHash()))) {
                    resent.addAll(portion);
                }
            }
            assertThat(resent).containsExactlyElementsOf(ExpectedTrades.of(
                    after.stream().filter(s -> branch.contains(s.blockNumber())).toList()));
            assertThat(lastBlock).isEqualTo(branch.get(1));
        }
    }

    @Test
    void aPingIsAnsweredWithAPongAndAnAcknowledgedConnectionGetsPongKeepAlives() {
        sim = BitquerySimulator.builder().synthetic(POOLS, 7).syntheticBlocks(10).token(TOKEN)
                .keepAliveInterval(Duration.ofHours(1)).build();
        sim.start();
        try (GraphqlWsClient client = connect("graphql-transport-ws")) {
            client.init(WAIT);
            client.send("{\"type\":\"ping\"}");
            client.awaitMessage("pong", WAIT);
        }
        assertThat(sim.stats().keepAlivesSent()).as("no keep-alive is due within the hour").isZero();
    }
}
