package io.candlestream.local;

import io.candlestream.CandlestreamJob;
import io.candlestream.config.JobOptions;
import io.candlestream.sink.JdbcSettings;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code scripts/run-local.sh [options]}: the job with the same options as {@code flink run}, on a local Flink with
 * the web UI on http://localhost:8081, RocksDB state and checkpoints under {@code .local/run}, against any feed and
 * database.
 */
public final class RunLocal {

    private RunLocal() {}

    public static void main(String[] args) throws Exception {
        if (JobOptions.helpRequested(args)) {
            System.out.print(JobOptions.usage("scripts/run-local.sh"));
            return;
        }
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
        env.execute(CandlestreamJob.jobName(options));
    }
}
