package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.SimClock;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Uniswap V3 logs of 2024-01-05 replayed through the simulator: what a subscriber receives live and what a
 * paged query returns both equal the swaps the test reads from the CSV files itself. Skipped when the data is absent.
 */
class BitqueryReplayITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final double SPEED = 40_000; // the day in about 2 s
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private List<ExpectedTrades.Key> csv;
    private BitquerySimulator sim;

    @BeforeEach
    void readTheCsvIndependently() throws IOException {
        PoolTickCsvReaderTest.assumeRealData();
        csv = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(PoolTickCsvReaderTest.REAL)) {
            files = listing.filter(p -> p.toString().endsWith(".pool.tick.csv")).sorted().toList();
        }
        for (Path file : files) {
            String pool = file.getFileName().toString().split("-")[1].toLowerCase(Locale.ROOT);
            for (String line : Files.readAllLines(file)) {
                String[] c = line.split(",", -1);
                if (c.length > 9 && c[2].equals("SWAP")) {
                    long block = Long.parseLong(c[0]);
                    csv.add(new ExpectedTrades.Key(block, Integer.parseInt(c[5]), pool, BlockHashes.of(block), c[3],
                            new BigInteger(c[8]), new BigInteger(c[9])));
                }
            }
        }
        csv.sort(Comparator.comparingLong(ExpectedTrades.Key::block).thenComparingInt(ExpectedTrades.Key::logIndex));
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

    @Test
    void theLiveSubscriptionAndAPagedQueryBothEqualTheCsv() throws IOException {
        Instant firstBlock = Instant.parse("2024-01-05T00:33:23Z");
        sim = BitquerySimulator.builder()
                .replayTickCsv(PoolTickCsvReaderTest.REAL)
                .clock(SimClock.accelerated(firstBlock.minusSeconds((long) (3 * SPEED)), SPEED))
                .token(BitquerySubscriptionITCase.TOKEN)
                .build();
        assertThat(sim.allSwaps()).hasSize(308);
        sim.start();
        long lastBlock = csv.get(csv.size() - 1).block();
        List<ExpectedTrades.Key> live = new ArrayList<>();
        try (GraphqlWsClient client = new GraphqlWsClient(http,
                sim.wsUrl() + "?token=" + BitquerySubscriptionITCase.TOKEN, "graphql-transport-ws")) {
            client.init(WAIT);
            client.subscribe("1", BitquerySubscriptionITCase.SUBSCRIPTION, false);
            while (live.isEmpty() || live.get(live.size() - 1).block() != lastBlock) {
                live.addAll(ExpectedTrades.ofRows(client.awaitMessage("next", WAIT).json().path("payload")
                        .path("data").path("EVM").path("DEXTrades"), BitquerySubscriptionITCase.POOLS));
            }
        }
        // A loaded machine may subscribe after the first blocks: those come from a query by block height, as the
        // feed's backfill loads them; live and backfill together must be the CSV exactly.
        long firstLive = live.get(0).block();
        List<ExpectedTrades.Key> backfill = queryAll(csv.get(0).block(), firstLive - 1);
        List<ExpectedTrades.Key> joined = new ArrayList<>(backfill);
        joined.addAll(live);
        assertThat(joined).containsExactlyElementsOf(csv);
        assertThat(live.size()).as("live delivered most of the day").isGreaterThan(csv.size() / 2);
        assertThat(sim.stats().portionsPublished()).isEqualTo(csv.stream().map(ExpectedTrades.Key::block).distinct().count());
        assertThat(queryAll(csv.get(0).block(), lastBlock)).containsExactlyElementsOf(csv);
    }

    private List<ExpectedTrades.Key> queryAll(long fromBlock, long toBlock) throws IOException {

        List<ExpectedTrades.Key> queried = new ArrayList<>();
        for (int offset = 0; ; offset += 50) {
            String query = "{ EVM(network: eth, dataset: combined) { DEXTrades(where: {Block: {Number: {ge: \""
                    + fromBlock + "\", le: \"" + toBlock + "\"}}}, orderBy: [{ascending: Block_Number},"
                    + " {ascending: Log_Index}], limit: {count: 50, offset: " + offset + "}) { "
                    + "Block { Number Hash } Transaction { Hash } Log { Index } Trade { Buy { Amount Currency {"
                    + " SmartContract Decimals } } Sell { Amount Currency { SmartContract Decimals } } Dex {"
                    + " SmartContract } } } } }";
            Request request = new Request.Builder().url(sim.httpUrl())
                    .header("Authorization", "Bearer " + BitquerySubscriptionITCase.TOKEN)
                    .post(RequestBody.create(JSON.writeValueAsString(JSON.createObjectNode().put("query", query)),
                            MediaType.get("application/json"))).build();
            JsonNode page;
            try (Response response = http.newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
                page = JSON.readTree(response.body().string()).path("data").path("EVM").path("DEXTrades");
            }
            queried.addAll(ExpectedTrades.ofRows(page, BitquerySubscriptionITCase.POOLS));
            if (page.size() < 50) {
                break;
            }
        }
        return queried;
    }
}
