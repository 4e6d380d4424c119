package io.candlestream.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code scripts/verify.sh} against the simulated exchange's own klines: the job's table under socket faults equals
 * them bucket for bucket (exit 0), and a changed row and a deleted row are reported as different and missing (exit 1).
 */
class VerifyCommandITCase {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    @Test
    void theTableEqualsTheExchangesKlinesAndATamperedTableDoesNot() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(31, 40, 20, "XRPETH", "BTCUSDT");
                Connection db = POSTGRES.connection()) {
            market.simulator().faults().silenceDuration(Duration.ofSeconds(3))
                    .every(300, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME);
            JobClient job = JobUnderTest.submit(market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), "XRPETH,BTCUSDT"));
            Polling.await("candles up to 3 minutes after the halt", Duration.ofMinutes(5),
                    () -> market.closedUntil(db, market.symbols(), 3));
            job.cancel().get();
            market.assertTableIsGroundTruth(db, market.symbols());
            String to = market.haltAt().plus(Duration.ofMinutes(3)).toString();

            Run whole = verify(market, to);

            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "verify-output.txt"), whole.out);
            assertThat(whole.status).as("exit status; output:%n%s", whole.out).isZero();
            assertThat(whole.out).contains("binance XRPETH 1m [" + SimulatedMarket.START + ", ")
                    .contains("different 0, missing 0, only in table 0")
                    .contains("verify: 4 of 4 stream intervals equal to the exchange's candles");
            assertThat(whole.err).contains("exchange candles read");

            Instant changed = SimulatedMarket.START.plus(Duration.ofMinutes(7));
            Instant deleted = SimulatedMarket.START.plus(Duration.ofMinutes(9));
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("update candles set close = close * 2 where symbol = 'XRPETH' and"
                        + " interval = '1m' and bucket_start = '" + changed + "'");
                statement.executeUpdate("delete from candles where symbol = 'XRPETH' and interval = '1m' and"
                        + " bucket_start = '" + deleted + "'");
            }

            Run tampered = verify(market, to);

            assertThat(tampered.status).as("exit status; output:%n%s", tampered.out).isEqualTo(1);
            assertThat(tampered.out).contains("binance XRPETH 1m")
                    .contains("different 1, missing 1, only in table 0")
                    .contains("different " + changed + ": close table ")
                    .contains("missing in the table " + deleted)
                    .contains("verify: 3 of 4 stream intervals equal to the exchange's candles")
                    .contains("NOT EQUAL");
        }
    }

    @Test
    void aFeedWithoutCompleteCandleHistorySaysWhatItCanCompare() {
        Run run = new Run(new String[] {"--feed", "kraken", "--symbols", "XBT/USD", "--jdbc-url",
                "jdbc:postgresql://localhost:1/x", "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-02T00:00:00Z"});
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("verify: --feed kraken: ").contains("latest 720 candles");
    }

    @Test
    void aMissingRangeIsAnOptionErrorNamingTheOption() {
        Run run = new Run(new String[] {"--symbols", "XRPETH", "--jdbc-url", "jdbc:postgresql://localhost:1/x",
                "--from", "2024-01-01T00:00:00Z"});
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).contains("--to").contains("is required");
    }

    private static Run verify(SimulatedMarket market, String to) {
        return new Run(new String[] {"--feed", "binance", "--symbols", "XRPETH,BTCUSDT",
                "--rest-url", market.simulator().restBaseUrl(), "--intervals", "1m,5m",
                "--jdbc-url", POSTGRES.jdbcUrl(), "--jdbc-user", POSTGRES.user(),
                "--from", SimulatedMarket.START.toString(), "--to", to});
    }

    /** One run of the command with its output. */
    private static final class Run {
        final int status;
        final String out;
        final String err;

        Run(String[] args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            this.status = new VerifyCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
            this.out = out.toString(StandardCharsets.UTF_8);
            this.err = err.toString(StandardCharsets.UTF_8);
        }
    }
}
