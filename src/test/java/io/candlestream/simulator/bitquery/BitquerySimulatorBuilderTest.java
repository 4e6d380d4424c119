package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder's validation and its seeded synthetic chain. */
class BitquerySimulatorBuilderTest {

    @Test
    void aTokenIsRequired() {
        assertThatThrownBy(() -> BitquerySimulator.builder().synthetic(SwapPool.KNOWN, 1).build())
                .hasMessageStartingWith("token:");
    }

    @Test
    void somethingToServeIsRequired() {
        assertThatThrownBy(() -> BitquerySimulator.builder().token("t").build()).hasMessageStartingWith("swaps:");
    }

    @Test
    void badSettingsNameTheirOption() {
        assertThatThrownBy(() -> BitquerySimulator.builder().token("t").synthetic(SwapPool.KNOWN, 1)
                .clock(SimClock.realTime()).speed(2).build()).hasMessageStartingWith("speed:");
        assertThatThrownBy(() -> BitquerySimulator.builder().token("t").synthetic(SwapPool.KNOWN, 1)
                .archiveDelay(Duration.ofHours(9)).build()).hasMessageStartingWith("realtimeWindow:");
        assertThatThrownBy(() -> BitquerySimulator.builder().token("t").synthetic(SwapPool.KNOWN, 1)
                .requestsPerMinute(0).build()).hasMessageStartingWith("requestsPerMinute:");
        assertThatThrownBy(() -> BitquerySimulator.builder().token("t").synthetic(List.of(), 1).build())
                .hasMessageStartingWith("synthetic:");
    }

    @Test
    void theSameSeedGivesTheSameSyntheticChain() {
        Instant start = Instant.parse("2024-01-05T00:00:00Z");
        List<DexSwap> a = BitquerySimulator.builder().token("t").synthetic(SwapPool.KNOWN, 5).syntheticStart(start)
                .syntheticBlocks(200).build().allSwaps();
        List<DexSwap> b = BitquerySimulator.builder().token("t").synthetic(SwapPool.KNOWN, 5).syntheticStart(start)
                .syntheticBlocks(200).build().allSwaps();
        assertThat(a).isEqualTo(b).isNotEmpty();
        long sinceStart = a.get(0).blockTime() - start.getEpochSecond();
        assertThat(sinceStart % SyntheticSwaps.BLOCK_SECONDS).isZero();
        assertThat(sinceStart).isBetween(0L, 120L);
    }

    @Test
    void theDefaultClockStartsAtTheFirstSwapsBlock() {
        Instant start = Instant.parse("2024-01-05T00:00:00Z");
        BitquerySimulator sim = BitquerySimulator.builder().token("t").synthetic(SwapPool.KNOWN, 5)
                .syntheticStart(start).build();
        assertThat(sim.clock().start()).isEqualTo(Instant.ofEpochSecond(sim.allSwaps().get(0).blockTime()));
    }
}
