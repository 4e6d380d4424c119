package io.candlestream.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.audit.BackfillRecord;
import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.sink.BackfillSink;
import io.candlestream.sink.BackfillTable;
import io.candlestream.sink.CandleSink;
import io.candlestream.sink.CandleTable;
import io.candlestream.sink.JdbcSettings;
import io.candlestream.testing.EmbeddedPostgresExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart's JSON endpoints against a real PostgreSQL: a bounded window of the table's candles with exact decimals,
 * the backfills in it as markers, clear errors for bad parameters, and never the password, URL or user.
 */
class ChartServerITCase {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final String PASSWORD = "never-shown-0x5f3759df";
    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private static final long T0 = 1_704_067_200_000L;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void candlesComeAsABoundedWindowOldestFirstWithTheirBackfillsAndExactDecimals() throws Exception {
        try (Connection db = POSTGRES.connection()) {
            CandleTable.ensureExists(db);
            BackfillTable.ensureExists(db);
            for (int i = 0; i < 5; i++) {
                insert(db, new Candle(XRPETH, "1m", T0 + i * 60_000L, new BigDecimal("0.00153620"),
                        new BigDecimal("0.00153700"), new BigDecimal("0.00153600"), new BigDecimal("0.0015365" + i),
                        new BigDecimal("12.5"), new BigDecimal("0.0192"), 3, 10 + i, 10 + i));
            }
            try (PreparedStatement s = db.prepareStatement(BackfillSink.INSERT_SQL)) {
                BackfillSink.bind(s, new BackfillRecord("binance", "XRPETH", 11, 14, 12L, 13L, T0 + 3 * 60_000L + 5,
                        T0 + 3 * 60_000L + 9, 2, 1, "RECONNECT", T0 + 4 * 60_000L));
                s.executeUpdate();
                BackfillSink.bind(s, new BackfillRecord("binance", "XRPETH", 1, 9, 2L, 8L, T0 - 600_000L,
                        T0 - 500_000L, 7, 1, "BOOTSTRAP", T0));
                s.executeUpdate();
            }
        }
        JdbcSettings settings = JdbcSettings.of(POSTGRES.jdbcUrl(), POSTGRES.user(), PASSWORD);
        try (ChartServer chart = ChartServer.start(0, settings)) {
            JsonNode streams = getJson(chart, "api/streams", 200);
            assertThat(streams.toString()).isEqualTo("{\"streams\":[{\"stream\":\"binance:XRPETH\",\"intervals\":[\"1m\"]}]}");

            JsonNode window = getJson(chart, "api/candles?stream=binance:XRPETH&interval=1m&limit=3", 200);
            assertThat(window.path("candles")).hasSize(3);
            assertThat(window.path("candles").get(0).path("time").asLong()).isEqualTo((T0 + 2 * 60_000L) / 1000);
            assertThat(window.path("candles").get(2).path("close").asText()).isEqualTo("0.00153654");
            assertThat(window.path("candles").get(2).path("open").asText()).isEqualTo("0.00153620");
            assertThat(window.path("backfills")).as("only the fill inside the window").hasSize(1);
            assertThat(window.path("backfills").get(0).path("reason").asText()).isEqualTo("RECONNECT");
            assertThat(window.path("backfills").get(0).path("trades").asLong()).isEqualTo(2);

            assertThat(getJson(chart, "api/candles?stream=XRPETH&interval=1m", 400).path("error").asText())
                    .contains("feed:SYMBOL");
            assertThat(getJson(chart, "api/candles?stream=binance:XRPETH&interval=7x", 400).path("error").asText())
                    .contains("interval must be one of");
            assertThat(getJson(chart, "api/candles?stream=binance:XRPETH&interval=1m&limit=100000", 400)
                    .path("error").asText()).contains("limit must be 1..2000");
            String page = get(chart, "", 200);
            assertThat(page).contains("lightweight-charts.standalone.production.js").contains("tradingview.com");
            assertThat(get(chart, "lightweight-charts.standalone.production.js", 200))
                    .contains("TradingView Lightweight Charts");
            assertThat(get(chart, "LICENSE-lightweight-charts.txt", 200)).contains("Apache License");
            assertThat(get(chart, "NOTICE-lightweight-charts.txt", 200)).contains("TradingView, Inc.");
            for (String body : new String[] {page, streams.toString(), window.toString()}) {
                assertThat(body).doesNotContain(PASSWORD).doesNotContain(POSTGRES.jdbcUrl());
            }
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsAFixedErrorWithoutUrlUserOrPassword() throws Exception {
        JdbcSettings unreachable = JdbcSettings.of("jdbc:postgresql://localhost:1/market?password=" + PASSWORD,
                "secret-user", PASSWORD);
        try (ChartServer chart = ChartServer.start(0, unreachable)) {
            String body = get(chart, "api/candles?stream=binance:XRPETH&interval=1m", 503);
            assertThat(body).contains("the database did not answer").doesNotContain(PASSWORD)
                    .doesNotContain("secret-user").doesNotContain("localhost:1");
            assertThat(get(chart, "api/streams", 503)).doesNotContain(PASSWORD);
        }
    }

    private static void insert(Connection db, Candle candle) throws Exception {
        try (PreparedStatement s = db.prepareStatement(CandleSink.UPSERT_SQL)) {
            CandleSink.bind(s, candle);
            s.executeUpdate();
        }
    }

    private JsonNode getJson(ChartServer chart, String path, int status) throws Exception {
        return json.readTree(get(chart, path, status));
    }

    private String get(ChartServer chart, String path, int status) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(chart.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("status of %s: %s", path, answer.body()).isEqualTo(status);
        return answer.body();
    }
}
