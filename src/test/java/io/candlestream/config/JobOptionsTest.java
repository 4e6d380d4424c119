package io.candlestream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

    private static final String[] REQUIRED = {"--symbols", "xrpeth,BTCUSDT", "--jdbc-url", "jdbc:postgresql://localhost:5432/candles"};

    private static String[] with(String... extra) {
        String[] all = new String[REQUIRED.length + extra.length];
        System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
        System.arraycopy(extra, 0, all, REQUIRED.length, extra.length);
        return all;
    }

    @Test
    void appliesBinanceDefaultsAndUpperCasesSymbols() {
        JobOptions options = JobOptions.parse(REQUIRED);
        assertThat(options.feed()).isEqualTo("binance");
        assertThat(options.symbols()).containsExactly("XRPETH", "BTCUSDT");
        assertThat(options.wsUrl()).isEqualTo("wss://stream.binance.com:9443");
        assertThat(options.restUrl()).isEqualTo("https://api.binance.com");
        assertThat(options.intervals()).extracting(i -> i.label()).containsExactly("1m");
        assertThat(options.startFrom().kind()).isEqualTo(StartPosition.Kind.DB);
        assertThat(options.dryRun()).isFalse();
        assertThat(options.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.parallelism()).isNull();
        assertThat(options.flatCandles()).isTrue();
    }

    @Test
    void parsesEveryStartPositionForm() {
        assertThat(JobOptions.parse(with("--start-from", "2019-10-11T00:00:00Z")).startFrom().instant())
                .isEqualTo(Instant.parse("2019-10-11T00:00:00Z"));
        assertThat(JobOptions.parse(with("--start-from", "id:13519807")).startFrom().cursorId()).isEqualTo(13519807L);
        assertThat(JobOptions.parse(with("--start-from", "latest")).startFrom()).isEqualTo(StartPosition.latest());
        assertThat(JobOptions.parse(with("--start-from", "db")).startFrom()).isEqualTo(StartPosition.db());
    }

    @Test
    void dryRunIsAFlagThatAlsoTakesTrueOrFalse() {
        assertThat(JobOptions.parse(with("--dry-run")).dryRun()).isTrue();
        assertThat(JobOptions.parse(with("--dry-run", "--start-from", "latest")).dryRun()).isTrue();
        assertThat(JobOptions.parse(with("--dry-run", "false")).dryRun()).isFalse();
        assertRejected(with("--dry-run", "maybe"), "--dry-run: 'maybe' is not allowed; use true or false");
    }

    @Test
    void sortsAndDeduplicatesIntervals() {
        JobOptions options = JobOptions.parse(with("--intervals", "5m,1m,5m"));
        assertThat(options.intervals()).extracting(i -> i.label()).containsExactly("1m", "5m");
    }

    @Test
    void stripsTrailingSlashFromUrls() {
        JobOptions options = JobOptions.parse(with("--ws-url", "ws://127.0.0.1:9000/", "--rest-url", "http://127.0.0.1:9001"));
        assertThat(options.wsUrl()).isEqualTo("ws://127.0.0.1:9000");
        assertThat(options.restUrl()).isEqualTo("http://127.0.0.1:9001");
    }

    @Test
    void rejectsBadValuesWithOneLineNamingTheOption() {
        assertRejected(with("--intervals", "7x"), "--intervals: ");
        assertRejected(with("--start-from", "yesterday"), "--start-from: 'yesterday' is not allowed; use db, latest");
        assertRejected(with("--checkpoint-interval", "10"), "--checkpoint-interval: '10' is not a duration");
        assertRejected(with("--parallelism", "0"), "--parallelism: '0' is not allowed; use a whole number ≥ 1");
        assertRejected(with("--ws-url", "http://x"), "--ws-url: 'http://x' is not a URL; it must start with ws:// or wss://");
        assertRejected(with("--feed", "kraken"), "--feed: 'kraken' is not a feed; allowed: binance");
        assertRejected(with("--flat-candles", "yes"), "--flat-candles: 'yes' is not allowed; use true or false");
        assertRejected(with("--symbols", "XRP-ETH"), "--symbols: 'XRP-ETH' is not a symbol");
        assertRejected(new String[] {"--symbols", "X1"}, "--jdbc-url: is required");
        assertRejected(with("--jdbc-url"), "--jdbc-url: needs a value");
        assertRejected(with("--bogus", "1"), "--bogus: unknown option; allowed: --feed --symbols");
        assertRejected(with("--jdbc-url", "jdbc:mysql://x/y"), "--jdbc-url: 'jdbc:mysql://x/y' is not a PostgreSQL JDBC URL");
    }

    @Test
    void acceptsFlinksDurationSyntaxAsTheConfigurationFileWritesIt() {
        assertThat(JobOptions.parse(with("--checkpoint-interval", "1min")).checkpointInterval())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(JobOptions.parse(with("--checkpoint-interval", "2m")).checkpointInterval())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(JobOptions.parse(with("--backfill-timeout", "1d")).backfillTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(JobOptions.parse(with("--silence-timeout", "500ms")).silenceTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(JobOptions.parse(with("--quiet-probe-interval", "1h")).quietProbeInterval())
                .isEqualTo(Duration.ofHours(1));
        assertRejected(with("--checkpoint-interval", "7x"),
                "--checkpoint-interval: '7x' is not a duration; use e.g. 500ms, 10s, 2min, 1h or 1d");
        assertRejected(with("--checkpoint-interval", "0s"), "--checkpoint-interval: must be longer than 0");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(JobOptions.helpRequested("--symbols", "X", "-h")).isTrue();
        assertThat(JobOptions.helpRequested(REQUIRED)).isFalse();
        String usage = JobOptions.usage("flink run target/candlestream.jar");
        for (String option : JobOptions.OPTIONS.keySet()) {
            assertThat(usage).contains("  " + option + " ");
        }
        assertThat(usage).contains("(default: binance)", "(default: 10s)", "--help, -h");
    }

    @Test
    void refusesPasswordsAsArgumentsAndSaysWhereTheyGo() {
        assertThatThrownBy(() -> JobOptions.parse(with("--jdbc-password", "s3cret")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("CANDLESTREAM_JDBC_PASSWORD")
                .hasMessageNotContaining("s3cret");
    }

    private static void assertRejected(String[] args, String messageStart) {
        assertThatThrownBy(() -> JobOptions.parse(args))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(messageStart).doesNotContain("\n"));
    }
}
