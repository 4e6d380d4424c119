package io.candlestream.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WeightPacerTest {

    private final AtomicLong clock = new AtomicLong(10_000);
    private final WeightPacer pacer = new WeightPacer(1_000, 0.95, 100, clock::get);

    @Test
    void ownRequestsTheExchangeCountedBeforeAnsweringAreNotBookedAsOthers() {
        WeightPacer.Permit first = pacer.tryAcquire(4);
        WeightPacer.Permit second = pacer.tryAcquire(4);
        // the exchange had counted both when it answered the first
        pacer.release(first, 4, 8);
        pacer.release(second, 4, 8);
        assertThat(pacer.usedWeight()).isEqualTo(8);
    }

    @Test
    void weightOfOthersOnTheIpStillCounts() {
        WeightPacer.Permit first = pacer.tryAcquire(4);
        pacer.release(first, 4, 30); // 26 from somebody else
        assertThat(pacer.usedWeight()).isEqualTo(30);
        clock.addAndGet(1_000);
        assertThat(pacer.usedWeight()).isZero();
    }
}
