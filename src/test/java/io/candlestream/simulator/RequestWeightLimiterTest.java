package io.candlestream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestWeightLimiterTest {

    private final AtomicLong wall = new AtomicLong(60_000);
    private final RequestWeightLimiter limiter = new RequestWeightLimiter(10, Duration.ofMinutes(1), wall::get);

    @Test
    void refusesTheRequestThatWouldExceedTheLimitWithSecondsToWindowEnd() {
        assertThat(limiter.acquire(4)).isEqualTo(new RequestWeightLimiter.Decision(true, 4, 0));
        assertThat(limiter.acquire(4).usedWeight()).isEqualTo(8);
        wall.set(60_000 + 45_500);
        assertThat(limiter.acquire(4)).isEqualTo(new RequestWeightLimiter.Decision(false, 8, 15));
        assertThat(limiter.acquire(2).allowed()).isTrue();
    }

    @Test
    void aNewFixedWindowStartsFromZero() {
        limiter.acquire(10);
        wall.set(119_999);
        assertThat(limiter.acquire(1).allowed()).isFalse();
        wall.set(120_000);
        assertThat(limiter.used()).isZero();
        assertThat(limiter.acquire(10).allowed()).isTrue();
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        wall.set(119_999);
        assertThat(limiter.secondsUntilWindowEnd()).isEqualTo(1);
    }
}
