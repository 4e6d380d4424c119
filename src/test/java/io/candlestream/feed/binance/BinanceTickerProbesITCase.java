package io.candlestream.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.StreamId;
import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.simulator.binance.BinanceSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Binance client's probe rounds against the simulator: the clock and one 24-hour ticker per round whatever the
 * number of symbols, a newest-trade look-up only for a symbol seen for the first time or whose ticker moved, and the
 * remembered newest trade for the others.
 */
class BinanceTickerProbesITCase {

    private static final int SYMBOLS = 150;
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final String TICKER = "/api/v3/ticker/24hr";
    private static final String AGG_TRADES = "/api/v3/aggTrades";

    private final List<String> symbols = IntStream.range(0, SYMBOLS).mapToObj(i -> "P" + i + "USDT").toList();
    private final List<StreamId> streams = symbols.stream().map(s -> new StreamId(BinanceFeed.NAME, s)).toList();
    private BinanceSimulator sim;
    private OkHttpClient http;
    private WebSocket subscriber;
    private BinanceHistoryClient client;

    @BeforeEach
    void start() {
        sim = BinanceSimulator.builder().manualSymbols(symbols.toArray(String[]::new)).build();
        sim.start();
        http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();
        // the simulator's manual trades take place once a connection is subscribed to their symbol
        String names = symbols.stream().map(s -> s.toLowerCase() + "@aggTrade").collect(Collectors.joining("/"));
        subscriber = http.newWebSocket(new Request.Builder().url(sim.wsBaseUrl() + "/stream?streams=" + names).build(),
                new WebSocketListener() {});
        client = new BinanceHistoryClient(HistorySettings.defaults(sim.restBaseUrl()), HistoryListener.NOOP);
    }

    @AfterEach
    void stop() {
        client.close();
        subscriber.close(1000, "done");
        http.dispatcher().executorService().shutdown();
        sim.close();
        assertThat(sim.stats().internalErrors()).isZero();
    }

    private Map<StreamId, StreamProbe> round() throws Exception {
        return client.probeAll(streams, DELAY).get(30, TimeUnit.SECONDS).stream()
                .collect(Collectors.toMap(StreamProbe::stream, Function.identity()));
    }

    @Test
    void aRoundCostsOneTickerAndLooksUpOnlyTheSymbolsThatTraded() throws Exception {
        SimulatorStats stats = sim.stats();
        // first rounds: every symbol is looked up once, at most 100 a round (the others wait for the next round)
        assertThat(round()).hasSize(100);
        assertThat(stats.requestsTo(AGG_TRADES)).isEqualTo(100);
        assertThat(round()).as("the 100 remembered and the 50 looked up now").hasSize(SYMBOLS);
        assertThat(stats.requestsTo(AGG_TRADES)).isEqualTo(SYMBOLS);
        Map<StreamId, StreamProbe> quiet = round();
        assertThat(quiet).hasSize(SYMBOLS);
        assertThat(quiet.values()).allSatisfy(p -> assertThat(p.latest()).isNull());
        assertThat(stats.requestsTo(AGG_TRADES)).as("nothing traded: no look-up").isEqualTo(SYMBOLS);

        AggTrade trade = new AggTrade("P5USDT", 0, "2.50000000", "1.00000000", 40, 41, System.currentTimeMillis(),
                false);
        sim.appendTrades("P5USDT", List.of(trade));
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sim.publishedTrades("P5USDT").isEmpty() && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        assertThat(sim.publishedTrades("P5USDT")).containsExactly(trade);

        long clockBefore = sim.clock().nowMillis();
        Map<StreamId, StreamProbe> moved = round();
        long clockAfter = sim.clock().nowMillis();
        assertThat(stats.requestsTo(AGG_TRADES)).as("one look-up, for the symbol that traded").isEqualTo(SYMBOLS + 1);
        StreamProbe p5 = moved.get(new StreamId(BinanceFeed.NAME, "P5USDT"));
        assertThat(p5.latest().cursor().height()).isZero();
        // the clock read first, less the publication delay and 1 ms
        assertThat(p5.safeTime()).isBetween(clockBefore - DELAY.toMillis() - 1, clockAfter - DELAY.toMillis() - 1);
        assertThat(moved.values()).extracting(StreamProbe::safeTime).containsOnly(p5.safeTime());

        Map<StreamId, StreamProbe> again = round();
        assertThat(stats.requestsTo(AGG_TRADES)).as("P5 unchanged since: remembered").isEqualTo(SYMBOLS + 1);
        assertThat(again.get(new StreamId(BinanceFeed.NAME, "P5USDT")).latest().cursor().height()).isZero();
        assertThat(again.values().stream().filter(p -> p.latest() != null)).hasSize(1);

        assertThat(stats.requestsTo(TICKER)).as("one ticker a round").isEqualTo(5);
        assertThat(stats.weightOf(TICKER)).as("the all-symbols ticker for 150 symbols").isEqualTo(5 * 80);
        assertThat(stats.requestsTo("/api/v3/time")).isEqualTo(5);
        // what the client counted as spent on probes is what the exchange charged (all but the exchangeInfo read)
        assertThat(client.probeSpend().orElseThrow().weight())
                .isEqualTo(stats.weightUsed() - BinanceHistoryClient.EXCHANGE_INFO_WEIGHT);
    }

    @Test
    void aFewSymbolsAreListedInTheTickerRequestAtItsLowWeight() throws Exception {
        List<StreamId> few = streams.subList(0, 20);
        assertThat(client.probeAll(few, DELAY).get(30, TimeUnit.SECONDS)).hasSize(20);
        assertThat(sim.stats().weightOf(TICKER)).isEqualTo(2);
        assertThat(client.probeAll(streams.subList(0, 21), DELAY).get(30, TimeUnit.SECONDS)).hasSize(21);
        assertThat(sim.stats().weightOf(TICKER)).isEqualTo(2 + 40);
    }

    @Test
    void roundsAreSpacedToKeepProbesWithinFivePercentOfTheWeightLimit() throws Exception {
        round(); // reads the limit from exchangeInfo: 6,000 a minute, 300 of it for probes
        assertThat(client.probeRoundSpacing(10)).isEqualTo(Duration.ofMillis(600)); // 3 a round
        assertThat(client.probeRoundSpacing(50)).isEqualTo(Duration.ofMillis(8_200)); // 41 a round
        assertThat(client.probeRoundSpacing(2_000)).isEqualTo(Duration.ofMillis(16_200)); // 81 a round
    }
}
