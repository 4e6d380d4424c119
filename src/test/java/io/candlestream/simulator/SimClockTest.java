package io.candlestream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimClockTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimClock clock = new SimClock(START, 2.0, nanos::get);

    @Test
    void advanceMovesSimulatedTimeForwardAtOnceAndTheClockRunsOnFromThere() {
        clock.begin();
        nanos.addAndGet(1_000_000_000L); // 1 s of wall time at 2x: 2 s simulated
        clock.advance(Duration.ofMinutes(10));

        assertThat(clock.now()).isEqualTo(START.plusSeconds(602));
        nanos.addAndGet(500_000_000L);
        assertThat(clock.now()).isEqualTo(START.plusSeconds(603));
    }

    @Test
    void aTradeInTheSkippedPeriodIsDueAtOnceAndALaterOneAfterItsRemainingWallTime() {
        clock.begin();
        clock.advance(Duration.ofMinutes(10));

        assertThat(clock.wallNanosUntil(START.plusSeconds(300).toEpochMilli())).isZero();
        // 2 simulated seconds past the advanced now, at 2x: 1 wall second (rounded up by a nanosecond)
        assertThat(clock.wallNanosUntil(START.plusSeconds(602).toEpochMilli())).isEqualTo(1_000_000_001L);
    }

    @Test
    void advanceBeforeTheClockStartsMovesItsStandingTime() {
        clock.advance(Duration.ofSeconds(30));

        assertThat(clock.now()).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void aNegativeAdvanceIsRefusedBecauseTimeNeverGoesBack() {
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only moves forward");
    }
}
