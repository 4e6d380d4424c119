package io.candlestream.feed.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.history.RequestPacer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Kraken's call counter on the client's side: a burst goes at once, then one request per decay step, shared out. */
class KrakenPacerTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void letsABurstGoAtOnceThenWaitsForTheCounterToDecay() {
        KrakenPacer pacer = new KrakenPacer(new KrakenHistoryOptions(1.0, 3, Duration.ofSeconds(5)), 1, now::get);

        for (int i = 0; i < 3; i++) {
            assertThat(pacer.admit(1, () -> {}).granted()).as("request %d of the burst", i).isTrue();
        }
        RequestPacer.Admission fourth = pacer.admit(1, () -> {});
        now.addAndGet(fourth.delayMillis());
        RequestPacer.Admission after = pacer.admit(1, () -> {});

        assertThat(fourth.granted()).isFalse();
        assertThat(fourth.delayMillis()).isEqualTo(1000);
        assertThat(after.granted()).isTrue();
    }

    @Test
    void dividesRateAndBurstAmongTheClientsThatShareTheIp() {
        KrakenPacer pacer = new KrakenPacer(new KrakenHistoryOptions(1.0, 4, Duration.ofSeconds(5)), 2, now::get);

        assertThat(pacer.admit(1, () -> {}).granted()).isTrue();
        assertThat(pacer.admit(1, () -> {}).granted()).isTrue();
        RequestPacer.Admission third = pacer.admit(1, () -> {});

        assertThat(third.granted()).isFalse();
        assertThat(third.delayMillis()).isEqualTo(2000);
    }

    @Test
    void anIdleClientAlwaysSendsOneRequest() {
        KrakenPacer pacer = new KrakenPacer(new KrakenHistoryOptions(0.1, 1, Duration.ofSeconds(5)), 50, now::get);

        assertThat(pacer.admit(1, () -> {}).granted()).isTrue();
        assertThat(pacer.counter()).isEqualTo(1.0);
    }
}
