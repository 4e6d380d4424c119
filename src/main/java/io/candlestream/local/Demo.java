package io.candlestream.local;

import io.candlestream.CandlestreamJob;
import io.candlestream.chart.ChartServer;
import io.candlestream.config.JobOptions;
import io.candlestream.sink.JdbcSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded default ({@code scripts/demo.sh [--feed binance|kraken|…] [--chart-port N]}): an embedded
 * PostgreSQL, a built-in simulated exchange ({@link DemoExchange}; Binance by default, ten times real time, with a
 * socket fault every few hundred frames, so gaps and backfills happen) and the job on a local Flink with the web UI
 * on http://localhost:8081 and the candle chart on http://localhost:8090 ({@code --chart-port}, 0 turns it off).
 * Prints where to look and a running summary; Ctrl-C stops everything cleanly.
 */
public final class Demo {

    private static final double SPEED = 10;

    private Demo() {}

    public static void main(String[] args) throws Exception {
        ChartPort chart = null;
        try {
            chart = JobOptions.helpRequested(args) ? null : ChartPort.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("candlestream: " + e.getMessage());
        }
        String[] rest = chart == null ? args : chart.jobArgs();
        String feed = "binance";
        boolean usable = chart != null;
        if (rest.length == 2 && rest[0].equals("--feed") && DemoExchange.FEEDS.contains(rest[1])) {
            feed = rest[1];
        } else if (rest.length > 0) {
            usable = false;
        }
        if (!usable) {
            System.out.println("usage: scripts/demo.sh [--feed " + String.join("|", DemoExchange.FEEDS) + "]"
                    + " [--chart-port N]: a local Flink with the web UI on :8081, an embedded PostgreSQL, the"
                    + " simulated exchange (binance by default) and the candle chart on http://localhost:"
                    + ChartServer.DEFAULT_PORT + " (--chart-port moves it, 0 turns it off); Ctrl-C stops everything."
                    + " To run the job with options against any feed and database: scripts/run-local.sh --help");
            System.exit(JobOptions.helpRequested(args) ? 0 : 2);
        }
        Path work = Path.of(System.getProperty("candlestream.work", ".local/demo")).toAbsolutePath();
        Files.createDirectories(work);
        CountDownLatch stopped = new CountDownLatch(1);
        List<AutoCloseable> toClose = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping: cancelling the job, stopping the simulator and PostgreSQL…");
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
            stopped.countDown();
        }, "candlestream-demo-stop"));

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true)
                .start();
        toClose.add(postgres);
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");

        DemoExchange exchange = DemoExchange.byFeed(feed);
        toClose.add(exchange);
        exchange.start(SPEED);

        JobOptions options = JobOptions.parse(
                "--feed", exchange.feed(),
                "--symbols", String.join(",", exchange.symbols()),
                "--ws-url", exchange.wsUrl(),
                "--rest-url", exchange.restUrl(),
                "--intervals", "1m,5m,1h",
                "--jdbc-url", jdbcUrl,
                "--jdbc-user", "postgres",
                "--start-from", "latest",
                "--checkpoint-interval", "10s",
                "--silence-timeout", "5s",
                "--quiet-probe-interval", "1s");
        JdbcSettings jdbc = CandlestreamJob.prepareDatabase(options);
        StreamExecutionEnvironment env = LocalFlink.environment(work, LocalFlink.WEB_UI_PORT, 4);
        CandlestreamJob.configure(env, options);
        env.setParallelism(2);
        CandlestreamJob.build(env, options, jdbc);
        JobClient job = env.executeAsync(CandlestreamJob.jobName(options));
        toClose.add(() -> job.cancel().get(20, TimeUnit.SECONDS));
        ChartServer chartServer = chart.enabled() ? RunLocal.startChart(chart.port(), jdbc) : null;
        if (chartServer != null) {
            toClose.add(chartServer);
        }

        System.out.println();
        System.out.println("Candlestream demo is running.");
        System.out.println("  Flink web UI:        http://localhost:" + LocalFlink.WEB_UI_PORT);
        if (chartServer != null) {
            System.out.println("  Candle chart:        " + chartServer.url() + "  (candles, volume, backfill markers)");
        }
        System.out.println("  Prometheus metrics:  http://localhost:9249/metrics  (first free port of "
                + LocalFlink.PROMETHEUS_PORTS + ")");
        System.out.println("  Candles (JDBC):      " + jdbcUrl + "   tables: candles, dead_letters, backfills");
        System.out.println("  what was filled:     psql -h localhost -p " + postgres.getPort()
                + " -U postgres -c 'select filled_at, symbol, reason, trades, requests, first_trade_time,"
                + " last_trade_time from backfills order by filled_at desc limit 10'");
        System.out.println("  psql:                psql -h localhost -p " + postgres.getPort()
                + " -U postgres -c 'select * from candles order by bucket_start desc limit 10'");
        System.out.println("  rejected input:      psql -h localhost -p " + postgres.getPort()
                + " -U postgres -c 'select seen_at, kind, symbol, reason from dead_letters order by seen_at desc"
                + " limit 10'");
        System.out.println("  Simulated " + exchange.feed() + ":  " + exchange.wsUrl() + "  " + exchange.restUrl()
                + "  (" + SPEED + "x real time, faults every 400 frames)");
        System.out.println("  Checkpoints:         " + work.resolve("checkpoints"));
        System.out.println("Press Ctrl-C to stop.");
        System.out.println();

        FlinkRestMetrics metrics = new FlinkRestMetrics("http://localhost:" + LocalFlink.WEB_UI_PORT);
        while (!stopped.await(10, TimeUnit.SECONDS)) {
            System.out.println(summary(jdbc, metrics, job, exchange));
        }
    }

    private static String summary(JdbcSettings jdbc, FlinkRestMetrics metrics, JobClient job,
            DemoExchange exchange) {
        StringBuilder line = new StringBuilder(Instant.now().toString().substring(11, 19)).append("  ");
        try (Connection c = jdbc.connect(Duration.ofSeconds(5)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select \"interval\", count(*), max(bucket_start) from candles "
                        + "group by \"interval\" order by min(bucket_start) desc")) {
            line.append("candles:");
            while (rs.next()) {
                line.append(' ').append(rs.getString(1)).append('=').append(rs.getLong(2));
            }
        } catch (Exception e) {
            line.append("candles: ? (").append(e.getMessage()).append(')');
        }
        try (Connection c = jdbc.connect(Duration.ofSeconds(5)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), coalesce(sum(trades), 0) from backfills")) {
            rs.next();
            line.append("  backfills rows=").append(rs.getLong(1)).append(" (trades ").append(rs.getLong(2))
                    .append(')');
        } catch (Exception e) {
            line.append("  backfills: ? (").append(e.getMessage()).append(')');
        }
        try {
            String id = job.getJobID().toHexString();
            line.append("  gaps=").append((long) metrics.total(id, ".gaps"))
                    .append(" backfilled trades=").append((long) metrics.total(id, ".backfilledTrades"))
                    .append(" reconnects=").append((long) metrics.total(id, ".reconnects"))
                    .append(" malformed=").append((long) metrics.total(id, ".malformedFrames"));
        } catch (Exception e) {
            line.append("  (metrics not yet available)");
        }
        line.append("  faults injected=").append(exchange.faultsInjected());
        return line.toString();
    }
}
