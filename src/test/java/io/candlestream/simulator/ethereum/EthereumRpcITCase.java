package io.candlestream.simulator.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EthereumRpcITCase {

    private static final long FIRST = 1_000;
    private static final long HEAD = 1_050;
    private static final Instant FIRST_TIME = Instant.parse("2024-03-01T00:00:00Z");

    private EthereumSimulator sim;
    private RpcClient rpc;

    @AfterEach
    void stop() {
        if (rpc != null) {
            rpc.close();
        }
        if (sim != null) {
            sim.close();
            assertThat(sim.stats().transport().internalErrors()).isZero();
        }
    }

    /** A chain of 100 blocks whose clock (real speed) stands at block 1050 for the next 12 s. */
    private void start(Function<EthereumSimulatorBuilder, EthereumSimulatorBuilder> options) {
        SimClock clock = SimClock.accelerated(FIRST_TIME.plusSeconds(12 * (HEAD - FIRST)), 1);
        sim = options.apply(TestChains.builder(FIRST, 100).firstBlockTime(FIRST_TIME).clock(clock)).build();
        sim.start();
        rpc = new RpcClient(sim.rpcUrl());
    }

    private void start() {
        start(b -> b);
    }

    @Test
    void blockNumberChainIdAndEveryBlockTagAnswerAsANodeDoes() {
        start();
        assertThat(rpc.result("eth_blockNumber", "[]").asText()).isEqualTo("0x41a");
        assertThat(rpc.result("eth_chainId", "[]").asText()).isEqualTo("0x1");
        JsonNode latest = rpc.result("eth_getBlockByNumber", "[\"latest\", false]");
        assertThat(RpcClient.quantity(latest.get("number"))).isEqualTo(HEAD);
        assertThat(RpcClient.quantity(latest.get("timestamp"))).isEqualTo(FIRST_TIME.getEpochSecond() + 12 * 50);
        assertThat(latest.get("hash").asText()).isEqualTo(sim.blockAt(HEAD).hash());
        JsonNode parent = rpc.result("eth_getBlockByNumber", "[\"0x419\", false]");
        assertThat(latest.get("parentHash").asText()).isEqualTo(parent.get("hash").asText());
        // Block 1050 holds the Mint of B and the swap of A, one transaction each.
        assertThat(latest.get("transactions")).hasSize(2);
        assertThat(latest.get("transactions").get(0).asText()).isEqualTo(TestChains.tx(HEAD, 1));
        assertThat(RpcClient.quantity(rpc.result("eth_getBlockByNumber", "[\"safe\", false]").get("number")))
                .isEqualTo(HEAD - 32);
        assertThat(RpcClient.quantity(rpc.result("eth_getBlockByNumber", "[\"finalized\", false]").get("number")))
                .as("head - 64 is before the first block, which is as final as it gets").isEqualTo(FIRST);
        assertThat(RpcClient.quantity(rpc.result("eth_getBlockByNumber", "[\"earliest\", false]").get("number")))
                .isEqualTo(FIRST);
        assertThat(rpc.result("eth_getBlockByNumber", "[\"0x41b\", false]").isNull()).as("not mined yet").isTrue();
        JsonNode full = rpc.result("eth_getBlockByNumber", "[\"latest\", true]");
        assertThat(full.get("transactions").get(1).get("hash").asText()).isEqualTo(TestChains.tx(HEAD, 3));
        assertThat(rpc.result("eth_getBlockByHash", "[\"" + sim.blockAt(1_010).hash() + "\", false]").get("number")
                .asText()).isEqualTo("0x3f2");
    }

    @Test
    void aBatchIsAnsweredByAnArrayWithEachIdAndItsOwnError() {
        start();
        RpcClient.Answer answer = rpc.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"eth_nope\",\"params\":[]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\",\"params\":[]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_chainId\",\"params\":[]}]");
        JsonNode batch = answer.json();
        assertThat(batch.isArray()).isTrue();
        assertThat(batch).hasSize(3).as("the notification without id gets no answer");
        assertThat(batch.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(batch.get(0).get("result").asText()).isEqualTo("0x41a");
        assertThat(batch.get(1).get("id").asText()).isEqualTo("two");
        assertThat(batch.get(1).get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(batch.get(2).get("result").asText()).isEqualTo("0x1");
        JsonNode empty = rpc.post("[]").json();
        assertThat(empty.get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(empty.get("id").isNull()).isTrue();
    }

    @Test
    void malformedRequestsGetTheStandardErrorsWithTheirIdEchoed() {
        start();
        JsonNode parse = rpc.post("{\"jsonrpc\":\"2.0\",").json();
        assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(parse.get("id").isNull()).isTrue();
        JsonNode invalid = rpc.post("{\"id\":5,\"method\":\"eth_blockNumber\"}").json();
        assertThat(invalid.get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(invalid.get("id").asInt()).isEqualTo(5);
        JsonNode unknown = rpc.call("eth_sendRawTransaction", "[\"0x00\"]");
        assertThat(unknown.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(unknown.get("error").get("message").asText()).contains("eth_sendRawTransaction");
        assertThat(unknown.get("id").asInt()).isEqualTo(7);
        JsonNode badParams = rpc.call("eth_getBlockByNumber", "[\"0x0041a\", false]");
        assertThat(badParams.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(badParams.get("error").get("message").asText()).contains("0x0041a");
        JsonNode badTopic = rpc.call("eth_getLogs", "[{\"topics\":[\"0x12\"]}]");
        assertThat(badTopic.get("error").get("code").asInt()).isEqualTo(-32602);
        JsonNode subscribe = rpc.call("eth_subscribe", "[\"newHeads\"]");
        assertThat(subscribe.get("error").get("message").asText()).isEqualTo("notifications not supported");
        assertThat(sim.stats().rpcErrors()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void getLogsFiltersByAddressAndPositionalTopicsInChainOrderOverMinedBlocksOnly() {
        start();
        JsonNode all = rpc.result("eth_getLogs", "[{\"fromBlock\":\"earliest\",\"toBlock\":\"latest\"}]");
        // 51 mined blocks: 51 swaps of A and 26 Mints of B (even blocks 1000..1050).
        assertThat(all).hasSize(51 + 26);
        assertThat(logKeys(all)).isSortedAccordingTo(Long::compare);
        JsonNode a = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\",\"address\":\""
                + TestChains.POOL_A.toUpperCase().replace("0X", "0x") + "\"}]");
        assertThat(a).hasSize(51).allMatch(log -> log.get("address").asText().equals(TestChains.POOL_A));
        JsonNode both = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\",\"address\":[\"" + TestChains.POOL_A
                + "\",\"" + TestChains.POOL_B + "\"]}]");
        assertThat(both).hasSize(77);
        JsonNode swapsByOther = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\",\"topics\":[\"" + SwapAbi.SWAP_TOPIC
                + "\",null,\"" + TestChains.OTHER_SENDER + "\"]}]");
        // Blocks divisible by 3 in 1000..1050: 1002, 1005, ..., 1050.
        assertThat(swapsByOther).hasSize(17);
        JsonNode orList = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\",\"topics\":[[\"" + SwapAbi.SWAP_TOPIC
                + "\",\"" + TestChains.MINT_TOPIC + "\"]]}]");
        assertThat(orList).hasSize(77);
        JsonNode secondTopicOnly = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\",\"topics\":[null,\""
                + TestChains.OTHER_SENDER + "\"]}]");
        assertThat(secondTopicOnly).hasSize(26 + 17);
        JsonNode log = a.get(50);
        assertThat(log.get("blockNumber").asText()).isEqualTo("0x41a");
        assertThat(log.get("blockHash").asText()).isEqualTo(sim.blockAt(HEAD).hash());
        assertThat(log.get("blockTimestamp").asText()).isEqualTo(
                RpcWire.quantity(sim.blockAt(HEAD).timestamp()));
        assertThat(log.get("logIndex").asText()).isEqualTo("0x3");
        assertThat(log.get("transactionIndex").asText()).isEqualTo("0x1");
        assertThat(log.get("transactionHash").asText()).isEqualTo(TestChains.tx(HEAD, 3));
        assertThat(log.get("removed").asBoolean()).isFalse();
        assertThat(log.get("topics")).hasSize(3);
        assertThat(log.get("data").asText()).hasSize(2 + 5 * 64);
    }

    @Test
    void getLogsPastTheHeadIsClippedAndTheBlockHashFormServesOneBlock() {
        start();
        JsonNode clipped = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x410\",\"toBlock\":\"0x44c\"}]");
        assertThat(logKeys(clipped)).allMatch(key -> key / 1_000 <= HEAD);
        assertThat(clipped).hasSize(11 + 6);
        assertThat(rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x41b\",\"toBlock\":\"0x44c\"}]")).isEmpty();
        assertThat(rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x41b\"}]")).as("polling past the head").isEmpty();
        assertThat(rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x41b\",\"toBlock\":\"latest\"}]")).isEmpty();
        JsonNode byHash = rpc.result("eth_getLogs", "[{\"blockHash\":\"" + sim.blockAt(1_020).hash() + "\"}]");
        assertThat(byHash).hasSize(2);
        assertThat(byHash).allMatch(log -> log.get("blockNumber").asText().equals("0x3fc"));
        JsonNode both = rpc.call("eth_getLogs", "[{\"blockHash\":\"" + sim.blockAt(1_020).hash()
                + "\",\"fromBlock\":\"0x3e8\"}]");
        assertThat(both.get("error").get("code").asInt()).isEqualTo(-32602);
        JsonNode unknown = rpc.call("eth_getLogs", "[{\"blockHash\":\"0x" + "12".repeat(32) + "\"}]");
        assertThat(unknown.get("error").get("message").asText()).isEqualTo("unknown block");
        JsonNode future = rpc.call("eth_getLogs", "[{\"blockHash\":\"" + sim.blockAt(1_060).hash() + "\"}]");
        assertThat(future.get("error").get("message").asText()).as("not mined yet").isEqualTo("unknown block");
        JsonNode backwards = rpc.call("eth_getLogs", "[{\"fromBlock\":\"0x41a\",\"toBlock\":\"0x3e8\"}]");
        assertThat(backwards.get("error").get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void logsLeaveOutBlockTimestampWhenSwitchedOff() {
        start(b -> b.blockTimestamps(false));
        JsonNode logs = rpc.result("eth_getLogs", "[{\"fromBlock\":\"latest\"}]");
        assertThat(logs).hasSize(2).noneMatch(log -> log.has("blockTimestamp"));
    }

    @Test
    void ethCallAnswersTokenAddressesAndDecimalsAndRevertsOtherwise() {
        start();
        assertThat(rpc.result("eth_call", "[{\"to\":\"" + TestChains.POOL_A + "\",\"data\":\"0x0dfe1681\"},\"latest\"]")
                .asText()).isEqualTo("0x" + SwapAbi.addressWord(TestChains.TOKEN_A0));
        assertThat(rpc.result("eth_call", "[{\"to\":\"" + TestChains.POOL_B + "\",\"input\":\"0xd21220a7\"}]")
                .asText()).isEqualTo("0x" + SwapAbi.addressWord(TestChains.TOKEN_B1));
        assertThat(RpcClient.quantity(rpc.result("eth_call", "[{\"to\":\"" + TestChains.TOKEN_A1
                + "\",\"data\":\"0x313ce567\"},\"latest\"]"))).isEqualTo(6);
        assertThat(RpcClient.quantity(rpc.result("eth_call", "[{\"to\":\"" + TestChains.TOKEN_B1
                + "\",\"data\":\"0x313ce567\"}]"))).isEqualTo(8);
        JsonNode unknownSelector = rpc.call("eth_call", "[{\"to\":\"" + TestChains.POOL_A + "\",\"data\":\"0x313ce567\"}]");
        assertThat(unknownSelector.get("error").get("message").asText()).isEqualTo("execution reverted");
        JsonNode unknownContract = rpc.call("eth_call", "[{\"to\":\"0x" + "99".repeat(20) + "\",\"data\":\"0x0dfe1681\"}]");
        assertThat(unknownContract.get("error").get("code").asInt()).isEqualTo(-32000);
    }

    @Test
    void infuraResultCapSuggestsARangeThatFitsAndFollowingTheSuggestionsCoversTheRange() {
        start();
        JsonNode unlimited = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\"}]");
        sim.faults().rangeLimit(RangeLimit.infuraResults(20));
        JsonNode refused = rpc.call("eth_getLogs", "[{\"fromBlock\":\"0x3e8\"}]").get("error");
        assertThat(refused.get("code").asInt()).isEqualTo(-32005);
        assertThat(refused.get("message").asText())
                .matches("query returned more than 20 results\\. Try with this block range \\[0x3e8, 0x[0-9a-f]+\\]\\.");
        List<JsonNode> collected = followSuggestions(refused.get("message").asText(), 20);
        assertThat(collected).containsExactlyElementsOf(unlimited);
        assertThat(sim.stats().rangeLimitErrors()).isGreaterThan(1);
    }

    @Test
    void alchemyLimitSuggestsARangeThatFitsAndSmallSpansAreAlwaysServed() {
        start();
        JsonNode unlimited = rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\"}]");
        sim.faults().rangeLimit(RangeLimit.alchemy(10, 15));
        JsonNode refused = rpc.call("eth_getLogs", "[{\"fromBlock\":\"0x3e8\"}]").get("error");
        assertThat(refused.get("code").asInt()).isEqualTo(-32602);
        assertThat(refused.get("message").asText()).startsWith("Log response size exceeded. You can make eth_getLogs "
                + "requests with up to a 10 block range and no limit on the response size, or you can request any "
                + "block range with a cap of 15 logs in the response. Based on your parameters, this block range "
                + "should work: [0x3e8, 0x");
        assertThat(followSuggestions(refused.get("message").asText(), 15)).containsExactlyElementsOf(unlimited);
        // A span within the block cap is served whatever its size.
        assertThat(rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\",\"toBlock\":\"0x3f1\"}]")).hasSize(15);
    }

    @Test
    void quickNodeBlockSpanCapRefusesWithoutSuggestion() {
        start();
        sim.faults().rangeLimit(RangeLimit.quickNodeBlocks(10_000));
        assertThat(rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\"}]")).hasSize(77);
        sim.faults().rangeLimit(RangeLimit.quickNodeBlocks(20));
        JsonNode refused = rpc.call("eth_getLogs", "[{\"fromBlock\":\"0x3e8\"}]").get("error");
        assertThat(refused.get("code").asInt()).isEqualTo(-32614);
        assertThat(refused.get("message").asText()).isEqualTo("eth_getLogs is limited to a 20 range");
        assertThat(rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\",\"toBlock\":\"0x3fb\"}]")).hasSize(20 + 10);
        sim.faults().rangeLimit(RangeLimit.none());
        assertThat(rpc.result("eth_getLogs", "[{\"fromBlock\":\"0x3e8\"}]")).hasSize(77);
    }

    /** Pages through blocks 1000..head as a client should: each refusal's suggested range, then on from its end. */
    private List<JsonNode> followSuggestions(String firstMessage, int maxResults) {
        List<JsonNode> collected = new ArrayList<>();
        long from = FIRST;
        String message = firstMessage;
        int calls = 0;
        while (from <= HEAD) {
            assertThat(++calls).as("pages").isLessThan(50);
            long to = HEAD;
            if (message != null) {
                String range = message.substring(message.lastIndexOf('[') + 1, message.lastIndexOf(']'));
                String[] bounds = range.split(", ");
                assertThat(Long.decode(bounds[0])).isEqualTo(from);
                to = Long.decode(bounds[1]);
            }
            JsonNode page = rpc.call("eth_getLogs", "[{\"fromBlock\":\"" + RpcWire.quantity(from) + "\",\"toBlock\":\""
                    + RpcWire.quantity(to) + "\"}]");
            if (page.has("error")) {
                assertThat(message).as("a suggested range must work").isNull();
                message = page.get("error").get("message").asText();
                continue;
            }
            assertThat(page.get("result").size()).isLessThanOrEqualTo(Math.max(maxResults, 2));
            page.get("result").forEach(collected::add);
            from = to + 1;
            message = null;
        }
        return collected;
    }

    @Test
    void httpFaultsAnswer429WithAndWithoutRetryAfter503AsHtmlOrEmptyAndSlowly() {
        start();
        sim.faults().transport().tooManyRequests(1, Duration.ofSeconds(1));
        RpcClient.Answer limited = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}");
        assertThat(limited.code()).isEqualTo(429);
        assertThat(limited.retryAfter()).isEqualTo("1");
        assertThat(limited.json().get("error").get("code").asInt()).isEqualTo(-32005);
        sim.faults().tooManyRequestsWithoutRetryAfter(1);
        RpcClient.Answer bare = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}");
        assertThat(bare.code()).isEqualTo(429);
        assertThat(bare.retryAfter()).isNull();
        assertThat(sim.stats().bareTooManyRequests()).isEqualTo(1);
        assertThat(sim.stats().transport().injected429s()).isEqualTo(1);
    }

    @Test
    void loadBalancerErrorsComeAsHtmlOrEmptyAndSlowAnswersComeLate() throws Exception {
        start();
        sim.faults().transport().serverErrors(1, 503);
        RpcClient.Answer html = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}");
        assertThat(html.code()).isEqualTo(503);
        assertThat(html.body()).contains("<html>").contains("503 Service Temporarily Unavailable");
        sim.faults().serverErrorBody(EthereumFaults.ErrorBody.EMPTY).transport().serverErrors(1, 502);
        RpcClient.Answer empty = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}");
        assertThat(empty.code()).isEqualTo(502);
        assertThat(empty.body()).isEmpty();
        sim.faults().transport().slowPages(1, Duration.ofMillis(700));
        long started = System.nanoTime();
        assertThat(rpc.result("eth_chainId", "[]").asText()).isEqualTo("0x1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(650));
        assertThat(sim.stats().transport().injected5xxs()).isEqualTo(2);
        assertThat(sim.stats().transport().slowPages()).isEqualTo(1);
        assertThat(rpc.result("eth_chainId", "[]").asText()).isEqualTo("0x1");
    }

    /** block * 1000 + log index of each log, to check chain order. */
    private static List<Long> logKeys(JsonNode logs) {
        List<Long> keys = new ArrayList<>();
        logs.forEach(log -> keys.add(RpcClient.quantity(log.get("blockNumber")) * 1_000
                + RpcClient.quantity(log.get("logIndex"))));
        return keys;
    }
}
