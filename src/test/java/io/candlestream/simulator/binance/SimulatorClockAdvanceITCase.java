package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.SimClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Advancing the simulator's clock makes the skipped period's trades history at once, served by the REST API. */
class SimulatorClockAdvanceITCase {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void afterAdvancingTenMinutesTheRestApiServesTheTradesOfThoseMinutesAtOnce() throws Exception {
        try (BinanceSimulator sim = BinanceSimulator.builder().symbols("BTCUSDT").seed(3)
                .clock(SimClock.accelerated(START, 1)).tradesPerMinute(6_000).quietStretchEvery(Duration.ZERO)
                .build()) {
            sim.start();
            sim.clock().advance(Duration.ofMinutes(10));

            Instant ninthMinute = START.plus(Duration.ofMinutes(9));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    sim.restBaseUrl() + "/api/v3/aggTrades?symbol=BTCUSDT&limit=1000&startTime="
                            + ninthMinute.toEpochMilli() + "&endTime=" + (ninthMinute.toEpochMilli() + 59_999)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode trades = new ObjectMapper().readTree(response.body());
            assertThat(trades.size()).as("trades of the 10th simulated minute, 6,000 a minute").isGreaterThan(1000 - 1);
            assertThat(trades.get(0).get("T").asLong()).isGreaterThanOrEqualTo(ninthMinute.toEpochMilli());
            assertThat(sim.publishedTrades("BTCUSDT").get(sim.publishedTrades("BTCUSDT").size() - 1).time())
                    .isGreaterThanOrEqualTo(START.plus(Duration.ofMinutes(9)).plusSeconds(59).toEpochMilli());
        }
    }
}
