package io.candlestream.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.sink.BackfillTable;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job under socket faults, REST errors and a TaskManager loss writes a {@code backfills} row per filled gap
 * whose trades, cursors and times are exactly those of the simulator's full trade log between the gap's bounds, while
 * the candles stay equal to ground truth.
 */
class BackfillAuditITCase {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    @Test
    void everyFilledGapIsARowThatMatchesTheTradeLogDespiteFaultsAndATaskManagerLoss(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(21, 40, 20, "XRPETH", "BTCUSDT");
                Connection db = POSTGRES.connection()) {
            market.simulator().faults()
                    .silenceDuration(Duration.ofSeconds(3))
                    .every(250, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME,
                            SocketFault.CLOSE_FRAME, SocketFault.SILENCE)
                    .serverErrors(3, 503)
                    .skipIdInPages(1);
            JobOptions options = market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), "XRPETH,BTCUSDT");
            JobClient job = JobUnderTest.submit(options);
            Polling.await("some candles before the TaskManager loss", CLOSE_TIMEOUT,
                    () -> CandleRows.readAll(db).size() >= 10);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            Polling.await("candles up to 2 minutes after the halt", CLOSE_TIMEOUT,
                    () -> market.closedUntil(db, market.symbols(), 2));
            job.cancel().get();

            market.assertTableIsGroundTruth(db, market.symbols());
            List<BackfillRecord> rows = BackfillTable.readAll(db, "binance");
            assertThat(rows).as("backfills rows").isNotEmpty();
            assertThat(market.simulator().stats().socketFaultsTotal()).as("socket faults").isGreaterThanOrEqualTo(2);
            for (String symbol : market.symbols()) {
                assertThat(rows).as("rows of %s", symbol).anyMatch(r -> r.symbol().equals(symbol));
                Map<Long, AggTrade> log = new HashMap<>();
                for (AggTrade trade : market.simulator().allTrades(symbol)) {
                    log.put(trade.aggId(), trade);
                }
                for (BackfillRecord row : rows.stream().filter(r -> r.symbol().equals(symbol)).toList()) {
                    assertRowMatchesLog(row, log);
                }
            }
            java.util.Set<String> reasons = new java.util.TreeSet<>();
            rows.forEach(r -> reasons.add(r.reason()));
            assertThat(reasons).as("why the gaps were opened").contains("BOOTSTRAP", "RESTORE")
                    .containsAnyOf("RECONNECT", "CORRUPT_FRAME", "MISSED_IDS");
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "backfills-audit.txt"), rows.size()
                    + " rows, reasons " + reasons + "\n" + String.join("\n", rows.stream().map(Object::toString)
                    .toList()) + "\n");
            long firstId = market.simulator().allTrades("XRPETH").get(0).aggId();
            assertThat(rows).as("the bootstrap from --start-from is audited from the first trade on")
                    .anyMatch(r -> r.symbol().equals("XRPETH") && r.firstCursor() != null
                            && r.firstCursor() == firstId);
        }
    }

    private static void assertRowMatchesLog(BackfillRecord row, Map<Long, AggTrade> log) {
        long expectedTrades = 0;
        AggTrade first = null;
        AggTrade last = null;
        for (long id = row.afterCursor() + 1; id < row.beforeCursor(); id++) {
            AggTrade trade = log.get(id);
            if (trade != null) {
                expectedTrades++;
                first = first == null ? trade : first;
                last = trade;
            }
        }
        assertThat(row.trades()).as("trades of %s", row).isEqualTo(expectedTrades);
        assertThat(row.requests()).as("requests of %s", row).isPositive();
        assertThat(row.feed()).isEqualTo("binance");
        assertThat(row.reason()).as("reason of %s", row).isNotEqualTo("UNSPECIFIED");
        if (expectedTrades > 0) {
            assertThat(row.firstCursor()).as("first cursor of %s", row).isEqualTo(first.aggId());
            assertThat(row.lastCursor()).as("last cursor of %s", row).isEqualTo(last.aggId());
            assertThat(row.firstTradeTime()).as("first trade time of %s", row).isEqualTo(first.time());
            assertThat(row.lastTradeTime()).as("last trade time of %s", row).isEqualTo(last.time());
        }
    }
}
