package io.candlestream.simulator.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.SocketFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EthereumSubscriptionsITCase {

    private static final long FIRST = 5_000;
    private static final Instant FIRST_TIME = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static OkHttpClient client;

    private final List<RpcSocket> sockets = new ArrayList<>();
    private EthereumSimulator sim;
    private RpcClient rpc;

    @BeforeAll
    static void createClient() {
        client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    }

    @AfterAll
    static void closeClient() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @AfterEach
    void stop() {
        sockets.forEach(RpcSocket::close);
        if (rpc != null) {
            rpc.close();
        }
        if (sim != null) {
            sim.close();
            assertThat(sim.stats().transport().internalErrors()).isZero();
        }
    }

    /** 2,000 blocks, one every 50 ms of wall time (12 s at 240x). */
    private void start() {
        sim = TestChains.builder(FIRST, 2_000).firstBlockTime(FIRST_TIME)
                .clock(SimClock.accelerated(FIRST_TIME, 240)).build();
        sim.start();
        rpc = new RpcClient(sim.rpcUrl());
    }

    private RpcSocket connect(String path) {
        RpcSocket socket = new RpcSocket(client, sim.wsUrl() + path);
        sockets.add(socket);
        return socket;
    }

    private static boolean isHeader(JsonNode message, String subscription) {
        return RpcSocket.isNotification(message, subscription);
    }

    private static JsonNode result(JsonNode notification) {
        return notification.get("params").get("result");
    }

    @Test
    void eachNewBlockSendsItsHeaderThenItsMatchingLogs() {
        start();
        RpcSocket ws = connect("/");
        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        String logs = ws.subscribe("[\"logs\",{\"address\":\"" + TestChains.POOL_A + "\",\"topics\":[\""
                + SwapAbi.SWAP_TOPIC + "\"]}]", WAIT);
        assertThat(heads).matches("0x[0-9a-f]{32}").isNotEqualTo(logs);
        JsonNode previous = result(ws.await(m -> isHeader(m, heads), WAIT));
        int blocks = 0;
        boolean logOfCurrentBlock = true;
        while (blocks < 20) {
            JsonNode message = ws.next(WAIT);
            if (isHeader(message, heads)) {
                assertThat(logOfCurrentBlock).as("the swap of block %s", previous.get("number")).isTrue();
                JsonNode header = result(message);
                assertThat(RpcClient.quantity(header.get("number"))).isEqualTo(RpcClient.quantity(previous.get("number")) + 1);
                assertThat(header.get("parentHash").asText()).isEqualTo(previous.get("hash").asText());
                assertThat(header.get("hash").asText()).isEqualTo(sim.blockAt(RpcClient.quantity(header.get("number"))).hash());
                previous = header;
                logOfCurrentBlock = false;
                blocks++;
            } else {
                assertThat(RpcSocket.isNotification(message, logs)).as("message %s", message).isTrue();
                JsonNode log = result(message);
                assertThat(log.get("blockNumber").asText()).as("a log after its header").isEqualTo(previous.get("number").asText());
                assertThat(log.get("blockHash").asText()).isEqualTo(previous.get("hash").asText());
                assertThat(log.get("blockTimestamp").asText()).isEqualTo(previous.get("timestamp").asText());
                assertThat(log.get("address").asText()).isEqualTo(TestChains.POOL_A);
                assertThat(log.get("removed").asBoolean()).isFalse();
                long number = RpcClient.quantity(log.get("blockNumber"));
                assertThat(log.get("transactionHash").asText()).isEqualTo(TestChains.tx(number, 3));
                logOfCurrentBlock = true;
            }
        }
        assertThat(sim.stats().subscriptions()).isEqualTo(2);
        assertThat(sim.stats().notifications()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void everyRpcCallWorksOverTheSocketOnAnyPathAndUnsubscribeStopsNotifications() {
        start();
        RpcSocket ws = connect("/ws/v3/0123456789abcdef0123456789abcdef");
        long head = RpcClient.quantity(ws.request("eth_blockNumber", "[]", WAIT).get("result"));
        assertThat(head).isGreaterThanOrEqualTo(FIRST);
        JsonNode logs = ws.request("eth_getLogs", "[{\"fromBlock\":\"0x1388\",\"toBlock\":\"0x1388\"}]", WAIT);
        assertThat(logs.get("result")).hasSize(2);
        assertThat(ws.request("eth_call", "[{\"to\":\"" + TestChains.POOL_A + "\",\"data\":\"0x0dfe1681\"}]", WAIT)
                .get("result").asText()).endsWith(TestChains.TOKEN_A0.substring(2));
        ws.sendRaw("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},{\"jsonrpc\":\"2.0\",\"id\":2,"
                + "\"method\":\"eth_nope\"}]");
        JsonNode batch = ws.await(JsonNode::isArray, WAIT);
        assertThat(batch).hasSize(2);
        assertThat(batch.get(1).get("error").get("code").asInt()).isEqualTo(-32601);
        ws.sendRaw("{not json");
        assertThat(ws.await(m -> m.has("error"), WAIT).get("error").get("code").asInt()).isEqualTo(-32700);

        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        String logsSub = ws.subscribe("[\"logs\",{}]", WAIT);
        ws.await(m -> RpcSocket.isNotification(m, logsSub), WAIT);
        assertThat(ws.request("eth_unsubscribe", "[\"" + logsSub + "\"]", WAIT).get("result").asBoolean()).isTrue();
        assertThat(ws.request("eth_unsubscribe", "[\"" + logsSub + "\"]", WAIT).get("result").asBoolean()).isFalse();
        // The unsubscribe answer is queued after any notification already sent; from then on only heads arrive.
        for (int i = 0; i < 5; ) {
            JsonNode message = ws.next(WAIT);
            assertThat(RpcSocket.isNotification(message, logsSub)).as("after unsubscribe: %s", message).isFalse();
            if (RpcSocket.isNotification(message, heads)) {
                i++;
            }
        }
    }

    @Test
    void aClientThatResubscribesAfterAnAbortGetsNotificationsAgain() {
        start();
        RpcSocket first = connect("/");
        String heads = first.subscribe("[\"newHeads\"]", WAIT);
        first.await(m -> RpcSocket.isNotification(m, heads), WAIT);
        sim.faults().transport().closeAbruptly();
        first.awaitEnd(WAIT);

        RpcSocket second = connect("/");
        String again = second.subscribe("[\"newHeads\"]", WAIT);
        assertThat(again).isNotEqualTo(heads);
        JsonNode header = result(second.await(m -> RpcSocket.isNotification(m, again), WAIT));
        assertThat(header.get("hash").asText()).isEqualTo(sim.blockAt(RpcClient.quantity(header.get("number"))).hash());
        assertThat(sim.stats().transport().connectionsAccepted()).isEqualTo(2);
        assertThat(sim.stats().transport().socketFaults(SocketFault.ABRUPT_CLOSE)).isEqualTo(1);
    }

    @Test
    void aReorgSendsRemovedLogsThenNewHeadsWithTheirLogsAndHttpServesTheNewChain() {
        start();
        RpcSocket ws = connect("/");
        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        String logs = ws.subscribe("[\"logs\",{\"address\":[\"" + TestChains.POOL_A + "\",\"" + TestChains.POOL_B
                + "\"]}]", WAIT);
        ws.await(m -> RpcSocket.isNotification(m, heads) && RpcClient.quantity(result(m).get("number")) >= FIRST + 5,
                WAIT);

        Reorg reorg = sim.reorg(2, true);

        assertThat(reorg.newBlocks()).hasSize(2);
        JsonNode firstRemoved = ws.await(m -> RpcSocket.isNotification(m, logs) && result(m).get("removed").asBoolean(),
                WAIT);
        List<JsonNode> removed = new ArrayList<>(List.of(result(firstRemoved)));
        while (removed.size() < reorg.droppedLogs().size()) {
            JsonNode message = ws.next(WAIT);
            assertThat(RpcSocket.isNotification(message, logs)).as("removed logs come first: %s", message).isTrue();
            removed.add(result(message));
        }
        for (int i = 0; i < removed.size(); i++) {
            ChainLog dropped = reorg.droppedLogs().get(i);
            JsonNode log = removed.get(i);
            assertThat(log.get("removed").asBoolean()).isTrue();
            assertThat(log.get("transactionHash").asText()).isEqualTo(dropped.transactionHash());
            assertThat(log.get("logIndex").asText()).isEqualTo(RpcWire.quantity(dropped.logIndex()));
            assertThat(log.get("blockHash").asText()).isEqualTo(reorg.oldBlock(dropped.blockNumber()).hash());
        }
        for (BlockRef block : reorg.newBlocks()) {
            JsonNode header = result(ws.next(WAIT));
            assertThat(header.get("hash").asText()).as("the new head of %d", block.number()).isEqualTo(block.hash());
            assertThat(header.get("parentHash").asText()).isEqualTo(block.parentHash());
            List<ChainLog> expected = sim.canonicalLogs().stream().filter(l -> l.blockNumber() == block.number()).toList();
            for (ChainLog log : expected) {
                JsonNode notified = result(ws.next(WAIT));
                assertThat(notified.get("removed").asBoolean()).isFalse();
                assertThat(notified.get("blockHash").asText()).isEqualTo(block.hash());
                assertThat(notified.get("transactionHash").asText()).isEqualTo(log.transactionHash());
            }
        }
        // The last swap of the range (in the old head) moves into the next block, appended after its logs.
        ChainLog moved = reorg.movedTo();
        assertThat(moved).isNotNull();
        assertThat(moved.blockNumber()).isEqualTo(reorg.movedSwap().blockNumber() + 1);
        assertThat(moved.logIndex()).isEqualTo(4);
        assertThat(sim.canonicalLogs()).contains(moved).doesNotContain(reorg.movedSwap());
        JsonNode movedNotification = result(ws.await(m -> RpcSocket.isNotification(m, logs)
                && result(m).get("transactionHash").asText().equals(moved.transactionHash()), WAIT));
        assertThat(movedNotification.get("blockNumber").asText()).isEqualTo(RpcWire.quantity(moved.blockNumber()));
        assertThat(movedNotification.get("logIndex").asText()).isEqualTo("0x4");

        for (BlockRef block : reorg.newBlocks()) {
            JsonNode served = rpc.result("eth_getBlockByNumber", "[\"" + RpcWire.quantity(block.number()) + "\",false]");
            assertThat(served.get("hash").asText()).isEqualTo(block.hash());
        }
        BlockRef old = reorg.oldBlocks().get(0);
        assertThat(rpc.call("eth_getLogs", "[{\"blockHash\":\"" + old.hash() + "\"}]").get("error").get("message")
                .asText()).isEqualTo("unknown block");
        JsonNode servedMoved = rpc.result("eth_getLogs", "[{\"blockHash\":\"" + sim.blockAt(moved.blockNumber()).hash()
                + "\",\"address\":\"" + TestChains.POOL_A + "\"}]");
        assertThat(servedMoved).anyMatch(log -> log.get("transactionHash").asText().equals(moved.transactionHash())
                && log.get("logIndex").asText().equals("0x4"));
        assertThat(sim.stats().reorgs()).isEqualTo(1);
        assertThat(sim.stats().removedLogNotifications()).isEqualTo(reorg.droppedLogs().size());
    }

    @Test
    void aDeepReorgReplacesBlocksBeyondTheConfirmationWindow() {
        start();
        RpcSocket ws = connect("/");
        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        ws.await(m -> RpcSocket.isNotification(m, heads) && RpcClient.quantity(result(m).get("number")) >= FIRST + 25,
                WAIT);
        Reorg reorg = sim.deepReorg(20);
        assertThat(reorg.newBlocks()).hasSize(20);
        for (BlockRef block : reorg.newBlocks()) {
            JsonNode header = result(ws.await(m -> RpcSocket.isNotification(m, heads)
                    && result(m).get("hash").asText().equals(block.hash()), WAIT));
            assertThat(header.get("parentHash").asText()).isEqualTo(block.parentHash());
        }
        BlockRef oldest = reorg.oldBlocks().get(0);
        assertThat(rpc.result("eth_getBlockByNumber", "[\"" + RpcWire.quantity(oldest.number()) + "\",false]")
                .get("hash").asText()).isNotEqualTo(oldest.hash()).isEqualTo(reorg.newBlocks().get(0).hash());
        assertThat(reorg.movedTo()).isNotNull();
    }

    @Test
    void aSilentSubscriptionStopsOnlyItsKindWhileTheSocketStillAnswers() {
        start();
        sim.faults().silentSubscriptions(Duration.ofMillis(1_500), SubscriptionKind.LOGS);
        RpcSocket ws = connect("/");
        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        String logs = ws.subscribe("[\"logs\",{}]", WAIT);
        for (int i = 0; i < 8; ) {
            JsonNode message = ws.next(WAIT);
            assertThat(RpcSocket.isNotification(message, logs)).as("silenced: %s", message).isFalse();
            if (RpcSocket.isNotification(message, heads)) {
                i++;
            }
        }
        assertThat(ws.request("eth_blockNumber", "[]", WAIT).get("result").isTextual()).isTrue();
        ws.await(m -> RpcSocket.isNotification(m, logs), WAIT);
        assertThat(sim.stats().silencedNotifications()).isPositive();
        assertThat(sim.stats().transport().connectionsOpen()).isEqualTo(1);
    }

    @Test
    void logsBeforeHeaderSendsABlocksLogsAheadOfItsHeaderOnce() {
        start();
        RpcSocket ws = connect("/");
        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        String logs = ws.subscribe("[\"logs\",{\"address\":\"" + TestChains.POOL_A + "\"}]", WAIT);
        long head = RpcClient.quantity(result(ws.await(m -> RpcSocket.isNotification(m, heads), WAIT)).get("number"));
        sim.faults().logsBeforeHeader(1);
        boolean early = false;
        for (int i = 0; i < 60 && !early; i++) {
            JsonNode message = ws.next(WAIT);
            if (RpcSocket.isNotification(message, heads)) {
                head = RpcClient.quantity(result(message).get("number"));
            } else if (RpcSocket.isNotification(message, logs)) {
                long block = RpcClient.quantity(result(message).get("blockNumber"));
                if (block == head + 1) {
                    early = true;
                    JsonNode header = result(ws.await(m -> RpcSocket.isNotification(m, heads), WAIT));
                    assertThat(RpcClient.quantity(header.get("number"))).isEqualTo(block);
                } else {
                    assertThat(block).isEqualTo(head);
                }
            }
        }
        assertThat(early).as("a block's logs before its header").isTrue();
        assertThat(sim.stats().logsBeforeHeaderBlocks()).isEqualTo(1);
    }

    @Test
    void duplicatedNotificationsArriveTwice() {
        start();
        RpcSocket ws = connect("/");
        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        ws.await(m -> RpcSocket.isNotification(m, heads), WAIT);
        sim.faults().transport().duplicateNextFrames(1);
        JsonNode first = ws.await(m -> RpcSocket.isNotification(m, heads), WAIT);
        JsonNode second = ws.next(WAIT);
        JsonNode third = ws.next(WAIT);
        // The fault hits the next published frame: one of the next two is a copy of its predecessor.
        assertThat(first.equals(second) || second.equals(third)).as("%s %s %s", first, second, third).isTrue();
        assertThat(sim.stats().transport().socketFaults(SocketFault.DUPLICATE_FRAME)).isEqualTo(1);
    }

    @Test
    void aCorruptNotificationArrivesUnparseableAndTheNextOnesAreWhole() {
        start();
        RpcSocket ws = connect("/");
        String heads = ws.subscribe("[\"newHeads\"]", WAIT);
        ws.await(m -> RpcSocket.isNotification(m, heads), WAIT);
        sim.faults().transport().corruptNextFrames(1);
        JsonNode corrupt = ws.await(m -> m.has("unparseable"), WAIT);
        assertThat(corrupt.get("unparseable").asText()).startsWith("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\"");
        ws.await(m -> RpcSocket.isNotification(m, heads), WAIT);
        assertThat(sim.stats().transport().socketFaults(SocketFault.CORRUPT_FRAME)).isEqualTo(1);
    }
}
