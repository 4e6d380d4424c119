package io.candlestream.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.sink.BackfillTable;
import io.candlestream.sink.CandleTable;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The chart page in headless Chromium against a running job: it updates live, and the candles, volumes and backfill
 * markers the chart holds (read back from the chart's own series) are exactly the table's for the chosen window.
 * Saves {@code target/chart-screenshot.png}.
 */
class ChartBrowserITCase {

    private static final int WINDOW = 40;
    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private static final long FAR_FUTURE = Instant.parse("3000-01-01T00:00:00Z").toEpochMilli();
    private static final Path SCREENSHOT = Path.of("target", "chart-screenshot.png");

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    @Test
    void theChartShowsExactlyTheTablesCandlesVolumesAndBackfillsAndFollowsTheRunningJob() throws Exception {
        ChromeDriver browser = HeadlessChromium.start();
        try (SimulatedMarket market = new SimulatedMarket(41, 30, 90, "XRPETH", "BTCUSDT");
                Connection db = POSTGRES.connection();
                ChartServer chart = ChartServer.start(0, POSTGRES.settings())) {
            market.simulator().faults().silenceDuration(Duration.ofSeconds(3))
                    .every(150, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME);
            JobClient job = JobUnderTest.submit(market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), "XRPETH,BTCUSDT"));
            Polling.await(WINDOW + " 1m candles of XRPETH and a reconnect backfill", Duration.ofMinutes(4),
                    () -> CandleTable.readRange(db, XRPETH, "1m", 0, FAR_FUTURE).size() >= WINDOW
                            && BackfillTable.readAll(db, "binance").size() >= 3);

            browser.get(chart.url() + "?stream=binance:XRPETH&interval=1m&limit=" + WINDOW);
            JavascriptExecutor page = browser;
            Polling.await("the page shows binance:XRPETH 1m", Duration.ofSeconds(60),
                    () -> Boolean.TRUE.equals(page.executeScript("const s = window.candlestreamChart"
                            + " && window.candlestreamChart.state; return !!s && s.stream === 'binance:XRPETH'"
                            + " && s.interval === '1m' && s.count > 0;")));
            long firstLast = ((Number) page.executeScript("return window.candlestreamChart.state.lastTime;"))
                    .longValue();
            Polling.await("the chart follows the running job to a newer candle", Duration.ofSeconds(90),
                    () -> ((Number) page.executeScript("return window.candlestreamChart.state.lastTime;"))
                            .longValue() > firstLast);

            job.cancel().get();
            long loads = ((Number) page.executeScript("return window.candlestreamChart.state.loads;")).longValue();
            Polling.await("one more refresh after the job stopped", Duration.ofSeconds(30),
                    () -> ((Number) page.executeScript("return window.candlestreamChart.state.loads;")).longValue()
                            > loads + 1);

            assertChartIsTheTable(page, db);
            assertThat(((Number) page.executeScript("return document.querySelectorAll('#chart canvas').length;"))
                    .intValue()).as("canvases drawn").isPositive();
            assertThat((String) page.executeScript("return document.getElementById('status').textContent;"))
                    .contains(WINDOW + " candles of binance:XRPETH 1m");
            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                    StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(SCREENSHOT)).isPositive();
        } finally {
            browser.quit();
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertChartIsTheTable(JavascriptExecutor page, Connection db) throws Exception {
        List<Map<String, Object>> bars = (List<Map<String, Object>>) page.executeScript(
                "return window.candlestreamChart.candles.data();");
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) page.executeScript(
                "return window.candlestreamChart.volume.data();");
        List<Map<String, Object>> markers = (List<Map<String, Object>>) page.executeScript(
                "return window.candlestreamChart.markers.markers();");
        List<Candle> all = CandleTable.readRange(db, XRPETH, "1m", 0, FAR_FUTURE);
        List<Candle> expected = all.subList(all.size() - WINDOW, all.size());

        assertThat(bars).as("candles on the chart").hasSize(WINDOW);
        assertThat(volumes).as("volume bars on the chart").hasSize(WINDOW);
        for (int i = 0; i < WINDOW; i++) {
            Candle row = expected.get(i);
            Map<String, Object> bar = bars.get(i);
            String what = "bar " + i + " of the chart vs row " + row;
            assertThat(((Number) bar.get("time")).longValue()).as(what).isEqualTo(row.bucketStart() / 1000);
            assertThat(((Number) bar.get("open")).doubleValue()).as(what).isEqualTo(row.open().doubleValue());
            assertThat(((Number) bar.get("high")).doubleValue()).as(what).isEqualTo(row.high().doubleValue());
            assertThat(((Number) bar.get("low")).doubleValue()).as(what).isEqualTo(row.low().doubleValue());
            assertThat(((Number) bar.get("close")).doubleValue()).as(what).isEqualTo(row.close().doubleValue());
            assertThat(((Number) volumes.get(i).get("value")).doubleValue()).as(what)
                    .isEqualTo(row.volume().doubleValue());
        }
        long from = expected.get(0).bucketStart();
        long to = expected.get(WINDOW - 1).bucketStart() + 60_000;
        TreeSet<Long> filledBuckets = new TreeSet<>();
        BackfillTable.readAll(db, "binance").stream()
                .filter(r -> r.symbol().equals("XRPETH") && r.trades() > 0)
                .map(r -> r.firstTradeTime() - Math.floorMod(r.firstTradeTime(), 60_000L))
                .filter(bucket -> bucket >= from && bucket < to)
                .forEach(filledBuckets::add);
        TreeSet<Long> marked = new TreeSet<>();
        for (Map<String, Object> marker : markers) {
            marked.add(((Number) marker.get("time")).longValue() * 1000);
            assertThat((String) marker.get("text")).as("marker text: trades loaded and why").matches("\\+[0-9]+ [a-z ,]+");
        }
        assertThat(marked).as("backfill markers on the chart = buckets of the backfills table's fills")
                .isEqualTo(filledBuckets);
    }
}
