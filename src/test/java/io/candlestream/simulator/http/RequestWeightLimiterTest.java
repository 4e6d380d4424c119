package io.candlestream.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestWeightLimiterTest {

    private final AtomicLong wall = new AtomicLong(60_000);
    private final WeightPerWindow admitted = new WeightPerWindow();
    private final RequestWeightLimiter limiter =
            new RequestWeightLimiter(10, Duration.ofMinutes(1), wall::get, admitted);

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

    @Test
    void recordsTheWeightAdmittedPerFixedWindowButNotRefusedWeight() {
        wall.set(60_500);
        limiter.acquire(4);
        limiter.acquire(4);
        limiter.acquire(4); // refused: would make 12
        wall.set(179_999);
        limiter.acquire(1);
        wall.set(180_000);
        limiter.acquire(3);

        // the window at 120 000 saw nothing: no entry
        assertThat(admitted.snapshot()).containsExactly(Map.entry(Instant.ofEpochMilli(60_000), 8L),
                Map.entry(Instant.ofEpochMilli(120_000), 1L), Map.entry(Instant.ofEpochMilli(180_000), 3L));
    }

    @Test
    void concurrentAdmissionsAreAllRecorded() throws InterruptedException {
        WeightPerWindow perWindow = new WeightPerWindow();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    perWindow.add(i % 2 == 0 ? 0 : 5_000, 1);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(perWindow.snapshot()).containsExactly(Map.entry(Instant.EPOCH, 20_000L),
                Map.entry(Instant.ofEpochMilli(5_000), 20_000L));
    }

    @Test
    void keepsOnlyTheMostRecentWindows() {
        WeightPerWindow perWindow = new WeightPerWindow();
        for (int i = 0; i <= WeightPerWindow.MAX_WINDOWS; i++) {
            perWindow.add(i * 1_000L, 1);
        }
        assertThat(perWindow.snapshot()).hasSize(WeightPerWindow.MAX_WINDOWS)
                .doesNotContainKey(Instant.EPOCH).containsKey(Instant.ofEpochMilli(1_000));
    }
}
