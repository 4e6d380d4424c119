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
        assertRejected(with("--feed", "bitstamp"), "--feed: 'bitstamp' is not a feed; allowed: binance, kraken");
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

    /** A feed of the test's own, with its own symbol syntax, endpoints, token and one option of its own. */
    private static final class TestChainOptions implements io.candlestream.feed.FeedOptions {
        @Override
        public String name() {
            return "testchain";
        }

        @Override
        public String defaultWsUrl() {
            return "wss://node.example:8546";
        }

        @Override
        public String defaultRestUrl() {
            return "https://node.example:8545";
        }

        @Override
        public String symbol(String given) {
            String symbol = given.trim().toLowerCase(java.util.Locale.ROOT);
            if (!symbol.matches("0x[0-9a-f]{40}(:token[01])?")) {
                throw new InvalidOptionException("--symbols", "'" + given + "' is not a pool address; e.g. 0x8ad5…");
            }
            return symbol;
        }

        @Override
        public boolean needsToken() {
            return true;
        }

        @Override
        public java.util.Map<String, String[]> extraOptions() {
            return java.util.Map.of("--confirmations", new String[] {"12", "blocks behind head"});
        }

        @Override
        public io.candlestream.feed.HistoryCost cost(long units, io.candlestream.feed.HistoryClient history) {
            return new io.candlestream.feed.HistoryCost(units, units, "calls", Duration.ofSeconds(units), "1 call/s");
        }

        @Override
        public io.candlestream.feed.FeedAdapter adapter(java.util.Map<String, String> values) {
            throw new UnsupportedOperationException("the command-line tests build no adapter");
        }
    }

    private static final java.util.List<io.candlestream.feed.FeedOptions> FEEDS = java.util.List.of(
            io.candlestream.feed.Feeds.ALL.get(0), new TestChainOptions());

    @Test
    void symbolsDefaultsAndFeedOptionsComeFromTheFeed() {
        String pool = "0x8AD599C3A0FF1DE082011EFDDC58F1908EB6E6D8:token1";
        JobOptions chain = JobOptions.parse(FEEDS, "--feed", "testchain", "--symbols", pool,
                "--jdbc-url", "jdbc:postgresql://localhost:5432/candles", "--confirmations", "64");
        assertThat(chain.symbols()).containsExactly(pool.toLowerCase(java.util.Locale.ROOT));
        assertThat(chain.wsUrl()).isEqualTo("wss://node.example:8546");
        assertThat(chain.restUrl()).isEqualTo("https://node.example:8545");
        assertThat(chain.feedOption("--confirmations")).isEqualTo("64");
        assertThat(JobOptions.parse(FEEDS, "--feed", "testchain", "--symbols", pool, "--jdbc-url",
                "jdbc:postgresql://localhost:5432/candles").feedOption("--confirmations")).isEqualTo("12");

        assertThatThrownBy(() -> JobOptions.parse(FEEDS, with("--confirmations", "64")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("--confirmations: belongs to --feed testchain, not to --feed binance");
        assertThatThrownBy(() -> JobOptions.parse(FEEDS, "--feed", "testchain", "--symbols", "XRPETH",
                "--jdbc-url", "jdbc:postgresql://localhost:5432/candles"))
                .hasMessageStartingWith("--symbols: 'XRPETH' is not a pool address");
        assertThatThrownBy(() -> JobOptions.parse(FEEDS, with("--feed", "kraken")))
                .hasMessage("--feed: 'kraken' is not a feed; allowed: binance, testchain");
    }

    @Test
    void aFeedThatNeedsATokenIsRefusedWithoutOneAndSaysWhichVariable(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        TestChainOptions feed = new TestChainOptions();
        assertThat(feed.token().variable()).isEqualTo("CANDLESTREAM_TESTCHAIN_TOKEN");
        assertThat(feed.token().read(java.util.Map.of())).isEmpty();
        java.nio.file.Path file = dir.resolve("token");
        java.nio.file.Files.writeString(file, " s3cret\n");
        assertThat(feed.token().read(java.util.Map.of("CANDLESTREAM_TESTCHAIN_TOKEN_FILE", file.toString())))
                .contains("s3cret");
        java.nio.file.Files.writeString(file, "");
        assertThatThrownBy(() -> feed.token().read(java.util.Map.of("CANDLESTREAM_TESTCHAIN_TOKEN_FILE",
                file.toString())))
                .hasMessageContaining("which is empty; put the testchain API token in it")
                .hasMessageNotContaining("s3cret");
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
