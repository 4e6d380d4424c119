package io.candlestream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.local.LocalFlink;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a mini cluster with the Prometheus reporter of {@code flink-conf/config.yaml}: its exposition text has
 * the per-stream metrics a dashboard needs, with the stream as a label; a real Prometheus (Debian's package) scrapes
 * it and answers the README's query for candles written per stream.
 */
public class PrometheusMetricsITCase {

    /** The metric names README and the Grafana dashboard use; each must exist for every stream. */
    public static final List<String> DASHBOARD_METRICS = List.of(
            "flink_taskmanager_job_task_operator_stream_cursor",
            "flink_taskmanager_job_task_operator_stream_watermarkLagMs",
            "flink_taskmanager_job_task_operator_stream_backlog",
            "flink_taskmanager_job_task_operator_stream_backfillIdsRemaining",
            "flink_taskmanager_job_task_operator_stream_backfillEtaSeconds",
            "flink_taskmanager_job_task_operator_stream_gaps",
            "flink_taskmanager_job_task_operator_stream_reconnects",
            "flink_taskmanager_job_task_operator_stream_malformedFrames",
            "flink_taskmanager_job_task_operator_stream_pagesRejected",
            "flink_taskmanager_job_task_operator_stream_backfilledTrades",
            "flink_taskmanager_job_task_operator_stream_candlesWritten");

    /** The query README shows for "candles written per stream, per minute". */
    static final String CANDLES_WRITTEN_QUERY =
            "sum by (stream) (flink_taskmanager_job_task_operator_stream_candlesWritten)";

    private static final int REPORTER_PORT = freePort();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(configuration())
            .build());

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theReporterServesPerStreamMetricsAsLabelsAndPrometheusAnswersTheReadmeQuery(@TempDir Path dir)
            throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(prometheus)) {
            String message = "Debian's prometheus is not installed (" + prometheus + "); run"
                    + " scripts/install-test-tools.sh as root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + ": in CI the test command (scripts/test.sh) installs it, so its absence is a failure");
            }
            assumeTrue(false, message);
        }
        try (SimulatedMarket market = new SimulatedMarket(51, 40, 60, "XRPETH", "BTCUSDT")) {
            market.simulator().faults().silenceDuration(Duration.ofSeconds(3))
                    .every(200, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME);
            JobClient job = JobUnderTest.submit(market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), "XRPETH,BTCUSDT"));
            try {
                String reporter = "http://localhost:" + REPORTER_PORT + "/metrics";
                Polling.await("candlesWritten of both streams in the exposition text", Duration.ofMinutes(3),
                        () -> {
                            Map<String, Double> written = perStream(get(reporter),
                                    "flink_taskmanager_job_task_operator_stream_candlesWritten");
                            return written.getOrDefault("binance:XRPETH", 0.0) >= 3
                                    && written.getOrDefault("binance:BTCUSDT", 0.0) >= 3;
                        });
                String text = get(reporter);
                Files.writeString(Path.of("target", "prometheus-candlesWritten.txt"), String.join("\n",
                        text.lines().filter(l -> l.contains("_stream_candlesWritten")).toList()) + "\n");
                for (String name : DASHBOARD_METRICS) {
                    assertThat(perStream(text, name)).as("streams of %s in the exposition text", name)
                            .containsKeys("binance:XRPETH", "binance:BTCUSDT");
                }

                Process server = startPrometheus(prometheus, dir);
                try {
                    int port = Integer.parseInt(Files.readString(dir.resolve("port")).trim());
                    String api = "http://127.0.0.1:" + port;
                    Polling.await("Prometheus is ready", Duration.ofMinutes(1),
                            () -> !get(api + "/-/ready").isEmpty());
                    Map<String, Double> answer = new HashMap<>();
                    Polling.await("Prometheus answers " + CANDLES_WRITTEN_QUERY, Duration.ofMinutes(2), () -> {
                        answer.clear();
                        answer.putAll(query(api, CANDLES_WRITTEN_QUERY));
                        return answer.containsKey("binance:XRPETH") && answer.containsKey("binance:BTCUSDT");
                    });
                    Map<String, Double> direct = perStream(get(reporter),
                            "flink_taskmanager_job_task_operator_stream_candlesWritten");
                    for (String stream : List.of("binance:XRPETH", "binance:BTCUSDT")) {
                        assertThat(answer.get(stream)).as("candles written of %s through Prometheus", stream)
                                .isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(direct.get(stream));
                    }
                    assertThat(query(api, "max by (stream) (flink_taskmanager_job_task_operator_stream_cursor)"))
                            .as("cursor per stream through Prometheus").containsKeys("binance:XRPETH",
                                    "binance:BTCUSDT");
                } finally {
                    server.destroy();
                    if (!server.waitFor(20, TimeUnit.SECONDS)) {
                        server.destroyForcibly();
                    }
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Sample values of {@code name} by their {@code stream} label, summed over the other labels. */
    public static Map<String, Double> perStream(String exposition, String name) {
        Map<String, Double> out = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                if (label.group(1).equals("stream")) {
                    out.merge(label.group(2), Double.parseDouble(sample.group(3)), Double::sum);
                }
            }
        }
        return out;
    }

    private Map<String, Double> query(String api, String promql) throws Exception {
        return queryByStream(api, promql);
    }

    /** Prometheus's answer to {@code promql} through its HTTP API ({@code api}), by the {@code stream} label. */
    public static Map<String, Double> queryByStream(String api, String promql) throws Exception {
        String body = fetch(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(body).as("Prometheus's answer to %s", promql).isNotEmpty();
        JsonNode root = new ObjectMapper().readTree(body);
        assertThat(root.path("status").asText()).as("Prometheus answer %s", body).isEqualTo("success");
        Map<String, Double> out = new HashMap<>();
        for (JsonNode result : root.path("data").path("result")) {
            out.put(result.path("metric").path("stream").asText(), result.path("value").get(1).asDouble());
        }
        return out;
    }

    /** A real Prometheus scraping the reporter every second; writes its port to {@code dir/port}. */
    private static Process startPrometheus(Path binary, Path dir) throws IOException {
        return startPrometheus(binary, dir, List.of("localhost:" + REPORTER_PORT));
    }

    /** A real Prometheus scraping {@code targets} ({@code host:port}) every second; writes its port to {@code dir/port}. */
    public static Process startPrometheus(Path binary, Path dir, List<String> targets) throws IOException {
        int port = freePort();
        Files.writeString(dir.resolve("port"), Integer.toString(port));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: candlestream\n    static_configs:\n"
                + "      - targets: ['" + String.join("', '", targets) + "']\n");
        return new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private String get(String url) throws Exception {
        return fetch(url);
    }

    /** The body of a 200 answer, or empty (not up yet, or another status): callers poll. */
    public static String fetch(String url) throws Exception {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : "";
        } catch (IOException e) {
            return ""; // not up yet: the caller polls
        }
    }

    private static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 50);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return LocalFlink.withPrometheus(conf, Integer.toString(REPORTER_PORT));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
