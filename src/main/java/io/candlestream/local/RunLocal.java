package io.candlestream.local;

import io.candlestream.CandlestreamJob;
import io.candlestream.chart.ChartServer;
import io.candlestream.config.JobOptions;
import io.candlestream.sink.JdbcSettings;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code scripts/run-local.sh [options]}: the job with the same options as {@code flink run}, on a local Flink with
 * the web UI on http://localhost:8081, RocksDB state and checkpoints under {@code .local/run}, against any feed and
 * database, and the candle chart on {@code --chart-port} (default 8090, 0 off).
 */
public final class RunLocal {

    private RunLocal() {}

    public static void main(String[] given) throws Exception {
        if (JobOptions.helpRequested(given)) {
            System.out.print(JobOptions.usage("scripts/run-local.sh", ChartPort.HELP));
            return;
        }
        ChartPort chart;
        try {
            chart = ChartPort.parse(given);
        } catch (IllegalArgumentException e) {
            System.err.println("candlestream: " + e.getMessage());
            System.exit(2);
            return;
        }
        String[] args = chart.jobArgs();
        if (io.candlestream.resume.DryRun.requested(args)) {
            System.exit(io.candlestream.resume.DryRun.runOrExplain(args, System.out, System.err));
        }
        CandlestreamJob.Prepared job = CandlestreamJob.prepareOrExit(args);
        JobOptions options = job.options();
        JdbcSettings jdbc = job.jdbc();
        Path work = Path.of(System.getProperty("candlestream.work", ".local/run")).toAbsolutePath();
        StreamExecutionEnvironment env = LocalFlink.environment(work, LocalFlink.WEB_UI_PORT, 4);
        CandlestreamJob.configure(env, options);
        CandlestreamJob.build(env, options, jdbc);
        System.out.println("Flink web UI: http://localhost:" + LocalFlink.WEB_UI_PORT + "   checkpoints: "
                + work.resolve("checkpoints"));
        System.out.println("Prometheus metrics: http://localhost:9249/metrics (first free port of "
                + LocalFlink.PROMETHEUS_PORTS + ")");
        try (ChartServer server = chart.enabled() ? startChart(chart.port(), jdbc) : null) {
            env.execute(CandlestreamJob.jobName(options));
        }
    }

    /** Starts the chart and says where it is; a taken port stops the run with the option named. */
    static ChartServer startChart(int port, JdbcSettings jdbc) {
        try {
            ChartServer server = ChartServer.start(port, jdbc);
            System.out.println("Candle chart: " + server.url() + "   (" + ChartPort.OPTION + " 0 turns it off)");
            return server;
        } catch (java.io.IOException e) {
            System.err.println("candlestream: " + e.getMessage());
            System.exit(2);
            return null;
        }
    }
}
