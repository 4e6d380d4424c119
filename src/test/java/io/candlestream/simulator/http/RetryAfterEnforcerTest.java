package io.candlestream.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryAfterEnforcerTest {

    private final AtomicLong wall = new AtomicLong(1_000_000);
    private final RetryAfterEnforcer enforcer = new RetryAfterEnforcer(Duration.ofMillis(200), wall::get);

    @Test
    void requestsInFlightWithinTheGraceAreNotBans() {
        enforcer.told(3);
        wall.addAndGet(150);
        assertThat(enforcer.ignoresWait()).isFalse();
    }

    @Test
    void aRequestAfterTheGraceButBeforeRetryAfterIgnoresTheWait() {
        enforcer.told(3);
        wall.addAndGet(1_000);
        assertThat(enforcer.ignoresWait()).isTrue();
        assertThat(enforcer.secondsStillToWait()).isEqualTo(2);
    }

    @Test
    void repeatedRefusalsDoNotRestartTheGrace() {
        enforcer.told(3);
        wall.addAndGet(150);
        enforcer.told(3);
        wall.addAndGet(100);
        assertThat(enforcer.ignoresWait()).isTrue();
    }

    @Test
    void aRequestAfterRetryAfterIsFine() {
        enforcer.told(3);
        wall.addAndGet(3_000);
        assertThat(enforcer.ignoresWait()).isFalse();
        assertThat(enforcer.secondsStillToWait()).isZero();
    }
}
