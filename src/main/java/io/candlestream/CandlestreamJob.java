package io.candlestream;

import io.candlestream.config.JobOptions;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.FeedOptions;
import io.candlestream.feed.Feeds;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.StreamId;
import io.candlestream.pipeline.CandlePipeline;
import io.candlestream.pipeline.PipelineSettings;
import io.candlestream.resume.DatabaseResumeLookup;
import io.candlestream.resume.DryRun;
import io.candlestream.sink.CandleSink;
import io.candlestream.sink.CandleSinkOptions;
import io.candlestream.sink.CandleTable;
import io.candlestream.sink.DatabaseUnreachableException;
import io.candlestream.sink.JdbcSettings;
import io.candlestream.source.LiveFeedSource;
import io.candlestream.source.reader.LiveSourceSettings;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point for {@code flink run}: validates the options, makes sure the database and its table are
 * there, builds the pipeline and runs it. A bad option or an unreachable database stops it before submission with a
 * one-line message.
 */
public final class CandlestreamJob {

    private static final Logger LOG = LoggerFactory.getLogger(CandlestreamJob.class);

    /** Highest parallelism the job can ever be rescaled to; fixed, because keyed state is sharded by it. */
    public static final int MAX_PARALLELISM = 128;

    private CandlestreamJob() {}

    public static void main(String[] args) throws Exception {
        if (JobOptions.helpRequested(args)) {
            System.out.print(JobOptions.usage("flink run target/candlestream.jar"));
            return;
        }
        if (DryRun.requested(args)) {
            System.exit(DryRun.runOrExplain(args, System.out, System.err));
        }
        Prepared job = prepareOrExit(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, job.options());
        build(env, job.options(), job.jdbc());
        env.execute(jobName(job.options()));
    }

    /** Validated options and a database that answers, with its table in place. */
    public record Prepared(JobOptions options, JdbcSettings jdbc) {}

    /**
     * Parses the options and prepares the database; a bad option or an unreachable database prints one line
     * ({@code candlestream: --option: …}) and exits with status 2, before anything is submitted.
     */
    public static Prepared prepareOrExit(String[] args) {
        try {
            JobOptions options = JobOptions.parse(args);
            checkToken(options, System.getenv());
            return new Prepared(options, prepareDatabase(options));
        } catch (IllegalArgumentException | DatabaseUnreachableException e) {
            // InvalidOptionException, and every other bad value (a password file that cannot be read, for one):
            // one line, never a stack trace.
            System.err.println("candlestream: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /**
     * A feed that needs a token finds it in the environment ({@code CANDLESTREAM_<FEED>_TOKEN} or its {@code _FILE}),
     * never in an argument; without it the job is not submitted.
     */
    static void checkToken(JobOptions options, java.util.Map<String, String> env) {
        FeedOptions feed = Feeds.options(options.feed());
        if (feed.needsToken() && feed.token().read(env).isEmpty()) {
            throw new IllegalArgumentException("--feed " + feed.name() + " needs an API token: set "
                    + feed.token().variable() + " or " + feed.token().fileVariable() + " (a file holding it) in the"
                    + " environment of the client and of every TaskManager; tokens are never arguments");
        }
    }

    /** Checks that the database answers and creates the candles table if missing. */
    public static JdbcSettings prepareDatabase(JobOptions options) {
        JdbcSettings jdbc = JdbcSettings.fromEnvironment(options.jdbcUrl(), options.jdbcUser());
        jdbc.checkReachable();
        try (Connection connection = jdbc.connect(Duration.ofSeconds(10))) {
            CandleTable.ensureExists(connection);
            io.candlestream.sink.DeadLetterTable.ensureExists(connection);
            io.candlestream.sink.BackfillTable.ensureExists(connection);
        } catch (java.sql.SQLException e) {
            throw new DatabaseUnreachableException(jdbc.redactedUrl(), options.jdbcUser(),
                    "cannot create the candles table: " + e.getMessage(), e);
        }
        return jdbc;
    }

    /** Settings every run of the job needs, wherever it runs. */
    public static void configure(StreamExecutionEnvironment env, JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG).isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG,
                    backlogCheckpointInterval(options.checkpointInterval()));
        }
        env.configure(conf);
        env.setMaxParallelism(MAX_PARALLELISM);
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        if (options.parallelism() != null) {
            env.setParallelism(options.parallelism());
        }
    }

    /**
     * The checkpoint interval while a source catches up on a backlog (FLIP-309), unless the cluster configuration sets
     * {@code execution.checkpointing.interval-during-backlog}: {@value #BACKLOG_CHECKPOINT_MINUTES} minute(s), or the
     * regular interval if that is longer. Checkpoints during a bootstrap would only snapshot in-flight pages.
     */
    public static Duration backlogCheckpointInterval(Duration checkpointInterval) {
        Duration backlog = Duration.ofMinutes(BACKLOG_CHECKPOINT_MINUTES);
        return checkpointInterval.compareTo(backlog) > 0 ? checkpointInterval : backlog;
    }

    /** Minutes between checkpoints during a backlog by default. */
    public static final int BACKLOG_CHECKPOINT_MINUTES = 1;

    /** Adds the source, pipeline and sink for these options to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobOptions options, JdbcSettings jdbc) {
        HistorySettings history = HistorySettings.defaults(options.restUrl());
        FeedAdapter feed = options.feedAdapter().resolved(history, options.symbols());
        List<StreamId> streams = options.symbols().stream().map(s -> StreamId.of(feed.name(), s)).toList();
        LiveSourceSettings live = LiveSourceSettings.of(options.wsUrl(), options.silenceTimeout(),
                options.quietProbeInterval(), options.socketBuffer());
        LiveFeedSource source = new LiveFeedSource(feed, streams, options.startFrom(), live, history,
                new DatabaseResumeLookup(jdbc, options.intervals()));
        PipelineSettings pipeline = new PipelineSettings(feed, history, options.backfillTimeout(),
                options.backfillCapacity(), options.intervals(), options.flatCandles(), options.allowedLateness());
        CandlePipeline.build(env, source, CandleSink.create(jdbc, CandleSinkOptions.defaults()),
                io.candlestream.sink.DeadLetterSink.create(jdbc, CandleSinkOptions.defaults()),
                io.candlestream.sink.BackfillSink.create(jdbc, CandleSinkOptions.defaults()), pipeline);
        LOG.info("Candlestream job: {}", options);
    }

    public static String jobName(JobOptions options) {
        return "Candlestream " + options.feed() + " " + String.join(",", options.symbols());
    }
}
