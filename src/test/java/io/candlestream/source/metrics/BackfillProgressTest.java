package io.candlestream.source.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Progress arithmetic: percent, rate over a sliding window, ETA and the log line. */
class BackfillProgressTest {

    private static final long S = 1_000_000_000L;

    @Test
    void statesPercentDoneTotalRateAndEtaInTheLogLine() {
        BackfillProgress progress = new BackfillProgress(0);
        progress.update(56_000, 124_000, 7 * S);

        assertThat(progress.percent()).isEqualTo(45);
        assertThat(progress.idsPerSecond()).isEqualTo(8_000.0);
        assertThat(progress.etaSeconds()).isEqualTo(9); // 68,000 ids at 8,000 ids/s, rounded up
        assertThat(progress.line("binance XRPETH"))
                .isEqualTo("[binance XRPETH] backfill 45% 56,000/124,000 ids, 8,000 ids/s, ETA 9s");
    }

    @Test
    void rateFollowsTheLastTenSecondsNotTheWholeRun() {
        BackfillProgress progress = new BackfillProgress(0);
        for (int second = 1; second <= 20; second++) {
            long done = second <= 10 ? second * 10_000L : 100_000 + (second - 10) * 1_000L;
            progress.update(done, 1_000_000, second * S);
        }

        assertThat(progress.idsPerSecond()).isEqualTo(1_000.0);
        assertThat(progress.etaSeconds()).isEqualTo(890);
        assertThat(progress.line("binance BTCUSDT")).endsWith("1,000 ids/s, ETA 14m50s");
    }

    @Test
    void etaIsUnknownBeforeAnyProgressAndZeroWhenDone() {
        BackfillProgress progress = new BackfillProgress(0);
        progress.update(0, 5_000, S);
        assertThat(progress.etaSeconds()).isEqualTo(-1);
        assertThat(progress.line("b X")).endsWith("ETA unknown");

        progress.update(5_000, 5_000, 2 * S);
        assertThat(progress.percent()).isEqualTo(100);
        assertThat(progress.etaSeconds()).isZero();
    }

    @Test
    void percentIsRoundedDownSoOnlyADoneBackfillShows100() {
        BackfillProgress progress = new BackfillProgress(0);
        progress.update(999_999, 1_000_000, S);
        assertThat(progress.percent()).isEqualTo(99);
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(BackfillProgress.duration(8)).isEqualTo("8s");
        assertThat(BackfillProgress.duration(185)).isEqualTo("3m05s");
        assertThat(BackfillProgress.duration(7_620)).isEqualTo("2h07m");
    }
}
