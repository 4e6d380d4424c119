package io.candlestream.simulator.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The real 2024-01-05 logs of both pools replayed as a live chain at 20,000x (the 23-hour day in about 4 s): every row
 * of the files must come back, live over the socket from the first header seen and by {@code eth_getLogs} before it,
 * exactly as the files say. The expected rows are read here with a regular expression, not with the simulator's reader.
 */
class EthereumReplayITCase {

    private static final Pattern ROW = Pattern.compile(
            "(\\d+),(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d),(0x[0-9a-f]{64}),(\\d+),(\\d+),\"\\[(.*)]\",(0x[0-9a-f]*)");
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One log as the file states it and as the node must serve it. */
    record Expected(long block, long logIndex, String address, String txHash, long txIndex, String topics, String data,
            long timestamp) {
    }

    @Test
    void everyRowOfTheRealDayIsServedLiveOrByGetLogsWithItsFileTimestamp() throws IOException {
        List<Expected> expected = new ArrayList<>();
        expected.addAll(rows(UniswapData.rawCsv(UniswapData.USDC_WETH), UniswapData.USDC_WETH));
        expected.addAll(rows(UniswapData.rawCsv(UniswapData.WETH_OSQTH), UniswapData.WETH_OSQTH));
        expected.sort(Comparator.comparingLong(Expected::block).thenComparingLong(Expected::logIndex));
        assertThat(expected).hasSize(348);

        OkHttpClient client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
        try (EthereumSimulator sim = EthereumSimulator.builder()
                .replayCsv(UniswapData.rawCsv(UniswapData.USDC_WETH), UniswapData.rawCsv(UniswapData.WETH_OSQTH))
                .speed(20_000).build();
                RpcClient rpc = startAndConnect(sim);
                RpcSocket ws = new RpcSocket(client, sim.wsUrl())) {
            String logs = ws.subscribe("[\"logs\",{\"topics\":[]}]", WAIT);
            String heads = ws.subscribe("[\"newHeads\"]", WAIT);
            Map<String, Expected> received = new TreeMap<>();
            JsonNode previous = null;
            long firstHeader = -1;
            while (previous == null || RpcClient.quantity(previous.get("number")) <= UniswapData.LAST_BLOCK) {
                JsonNode message = ws.next(WAIT);
                JsonNode result = message.get("params").get("result");
                if (RpcSocket.isNotification(message, heads)) {
                    if (previous == null) {
                        firstHeader = RpcClient.quantity(result.get("number"));
                    } else {
                        assertThat(RpcClient.quantity(result.get("number")))
                                .isEqualTo(RpcClient.quantity(previous.get("number")) + 1);
                        assertThat(result.get("parentHash").asText()).isEqualTo(previous.get("hash").asText());
                    }
                    previous = result;
                } else if (firstHeader >= 0 && RpcClient.quantity(result.get("blockNumber")) >= firstHeader) {
                    Expected log = served(result);
                    assertThat(received.put(key(log), log)).as("delivered once: %s", log).isNull();
                }
            }
            // Before the first header: history, paged under Infura's result cap as a feed would.
            sim.faults().rangeLimit(RangeLimit.infuraResults(25));
            long from = UniswapData.FIRST_BLOCK;
            while (from < firstHeader) {
                JsonNode page = rpc.call("eth_getLogs", "[{\"fromBlock\":\"" + RpcWire.quantity(from) + "\",\"toBlock\":\""
                        + RpcWire.quantity(firstHeader - 1) + "\"}]");
                long to = firstHeader - 1;
                if (page.has("error")) {
                    String message = page.get("error").get("message").asText();
                    to = Long.decode(message.substring(message.lastIndexOf(", ") + 2, message.lastIndexOf(']')));
                    page = rpc.call("eth_getLogs", "[{\"fromBlock\":\"" + RpcWire.quantity(from) + "\",\"toBlock\":\""
                            + RpcWire.quantity(to) + "\"}]");
                }
                for (JsonNode log : page.get("result")) {
                    Expected history = served(log);
                    assertThat(received.put(key(history), history)).isNull();
                }
                from = to + 1;
            }
            List<Expected> all = new ArrayList<>(received.values());
            all.sort(Comparator.comparingLong(Expected::block).thenComparingLong(Expected::logIndex));
            assertThat(all).containsExactlyElementsOf(expected);
            assertThat(sim.stats().transport().internalErrors()).isZero();
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static RpcClient startAndConnect(EthereumSimulator sim) {
        sim.start();
        return new RpcClient(sim.rpcUrl());
    }

    private static String key(Expected log) {
        return String.format("%012d/%06d", log.block(), log.logIndex());
    }

    private static Expected served(JsonNode log) {
        List<String> topics = new ArrayList<>();
        log.get("topics").forEach(topic -> topics.add("'" + topic.asText() + "'"));
        return new Expected(RpcClient.quantity(log.get("blockNumber")), RpcClient.quantity(log.get("logIndex")),
                log.get("address").asText(), log.get("transactionHash").asText(),
                RpcClient.quantity(log.get("transactionIndex")), String.join(", ", topics), log.get("data").asText(),
                RpcClient.quantity(log.get("blockTimestamp")));
    }

    private static List<Expected> rows(Path file, String pool) throws IOException {
        List<Expected> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = ROW.matcher(line);
            assertThat(m.matches()).as("row %s", line).isTrue();
            long timestamp = LocalDateTime.parse(m.group(2) + "T" + m.group(3)).toEpochSecond(ZoneOffset.UTC);
            rows.add(new Expected(Long.parseLong(m.group(1)), Long.parseLong(m.group(6)), pool, m.group(4),
                    Long.parseLong(m.group(5)), m.group(7), m.group(8), timestamp));
        }
        return rows;
    }
}
