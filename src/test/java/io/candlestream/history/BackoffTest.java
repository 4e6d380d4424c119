package io.candlestream.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesPerAttemptUpToTheCap() {
        Backoff backoff = Backoff.fullJitter(Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(backoff.ceilingMillis(0)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(200);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(800);
        assertThat(backoff.ceilingMillis(4)).isEqualTo(1000);
        assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(1000);
    }

    @Test
    void fullJitterStaysBetweenZeroAndTheCeilingAndSpreads() {
        Backoff backoff = Backoff.fullJitter(Duration.ofMillis(100), Duration.ofMillis(1000));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long delay = backoff.delayMillis(2);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isBetween(0L, 50L);
        assertThat(max).isBetween(350L, 400L);
    }

    @Test
    void equalJitterKeepsHalfTheCeilingFixed() {
        Backoff backoff = Backoff.equalJitter(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 2000; i++) {
            assertThat(backoff.delayMillis(0)).isBetween(50L, 99L);
            assertThat(backoff.delayMillis(10)).isBetween(500L, 999L);
        }
    }

    @Test
    void negativeBoundsAreRefusedWithTheValues() {
        assertThatThrownBy(() -> Backoff.fullJitter(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    }
}
