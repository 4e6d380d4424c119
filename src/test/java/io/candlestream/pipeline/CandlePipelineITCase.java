package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a Flink mini cluster against the simulated exchange and a real PostgreSQL, under faults; every
 * candle row is compared with candles computed independently from the simulator's full trade log.
 */
class CandlePipelineITCase {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    @Test
    void candlesEqualGroundTruthDespiteSocketFaultsDuplicatesAndRestErrors() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(11, 40, 30, "XRPETH", "BTCUSDT");
                Connection db = POSTGRES.connection()) {
            market.simulator().faults()
                    .silenceDuration(Duration.ofSeconds(4))
                    .every(300, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME,
                            SocketFault.CLOSE_FRAME, SocketFault.SILENCE)
                    .tooManyRequests(2, Duration.ofSeconds(1))
                    .serverErrors(3, 503)
                    .skipIdInPages(2)
                    .slowPages(2, Duration.ofMillis(700));
            JobClient job = JobUnderTest.submit(options(market, "XRPETH,BTCUSDT"));
            Polling.await("candles up to 3 minutes after the halt", CLOSE_TIMEOUT,
                    () -> market.closedUntil(db, market.symbols(), 3));
            job.cancel().get();

            var stats = market.simulator().stats();
            assertThat(stats.socketFaultsTotal()).as("socket faults injected").isGreaterThanOrEqualTo(3);
            assertThat(stats.injected429s()).as("429s served").isEqualTo(2);
            assertThat(stats.injected5xxs()).as("5xx served").isEqualTo(3);
            assertThat(stats.bans418()).as("418 bans").isZero();
            market.assertTableIsGroundTruth(db, market.symbols());
        }
    }

    @Test
    void recoversFromTaskManagerLossThroughTheLastCheckpoint(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(12, 40, 20, "ETHUSDT");
                Connection db = POSTGRES.connection()) {
            JobClient job = JobUnderTest.submit(options(market, "ETHUSDT"));
            Polling.await("some candles before the failure", CLOSE_TIMEOUT,
                    () -> io.candlestream.testing.CandleRows.readAll(db).size() >= 5);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            Polling.await("candles up to 2 minutes after the halt", CLOSE_TIMEOUT,
                    () -> market.closedUntil(db, market.symbols(), 2));
            job.cancel().get();
            market.assertTableIsGroundTruth(db, market.symbols());
        }
    }

    @Test
    void restartsFromASavepointAndBackfillsWhatTradedWhileItWasStopped(@TempDir Path savepoints)
            throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(13, 40, 24, "XRPETH");
                Connection db = POSTGRES.connection()) {
            JobClient first = JobUnderTest.submit(options(market, "XRPETH"));
            Polling.await("some candles before the savepoint", CLOSE_TIMEOUT,
                    () -> io.candlestream.testing.CandleRows.readAll(db).size() >= 5);
            String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            long stoppedAt = market.simulator().clock().nowMillis();
            Polling.await("4 simulated minutes of trading while stopped", Duration.ofMinutes(1),
                    () -> market.simulator().clock().nowMillis() >= stoppedAt + 240_000);

            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient second = JobUnderTest.submit(options(market, "XRPETH"), restore);
            Polling.await("candles up to 2 minutes after the halt", CLOSE_TIMEOUT,
                    () -> market.closedUntil(db, market.symbols(), 2));
            second.cancel().get();
            market.assertTableIsGroundTruth(db, market.symbols());
        }
    }

    private static JobOptions options(SimulatedMarket market, String symbols) {
        return market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), symbols);
    }
}
