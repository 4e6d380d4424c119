package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which blocks the realtime, archive and combined datasets hold at a chain instant. */
class DatasetRulesTest {

    private static final long NOW = 100_000_000L; // chain time, ms
    private final DatasetRules rules = new DatasetRules(Duration.ofHours(1), Duration.ofHours(8));

    private boolean holds(Dataset dataset, Duration age) {
        return rules.holds(dataset, (NOW - age.toMillis()) / 1000, NOW);
    }

    @Test
    void archiveHoldsBlocksAtLeastItsDelayOldRealtimeOnlyNewerOnesCombinedAll() {
        assertThat(holds(Dataset.ARCHIVE, Duration.ofMinutes(61))).isTrue();
        assertThat(holds(Dataset.ARCHIVE, Duration.ofMinutes(59))).isFalse();
        assertThat(holds(Dataset.REALTIME, Duration.ofMinutes(59))).isTrue();
        assertThat(holds(Dataset.REALTIME, Duration.ofMinutes(61))).isFalse();
        assertThat(holds(Dataset.COMBINED, Duration.ofMinutes(59))).isTrue();
        assertThat(holds(Dataset.COMBINED, Duration.ofDays(30))).isTrue();
        assertThat(holds(Dataset.ARCHIVE, Duration.ofDays(30))).isTrue();
    }

    @Test
    void noDatasetHoldsABlockNotMinedYet() {
        for (Dataset dataset : Dataset.values()) {
            assertThat(rules.holds(dataset, NOW / 1000 + 1, NOW)).isFalse();
        }
    }

    @Test
    void realtimeEndsAtItsWindowWhenTheArchiveLagsAlmostAsLong() {
        DatasetRules lagging = new DatasetRules(Duration.ofHours(7), Duration.ofHours(8));
        assertThat(lagging.holds(Dataset.REALTIME, (NOW - Duration.ofHours(6).toMillis()) / 1000, NOW)).isTrue();
        assertThat(lagging.holds(Dataset.ARCHIVE, (NOW - Duration.ofHours(6).toMillis()) / 1000, NOW)).isFalse();
    }

    @Test
    void aDelayAsLongAsTheWindowIsRefusedBecauseCombinedWouldHaveAHole() {
        assertThatThrownBy(() -> new DatasetRules(Duration.ofHours(8), Duration.ofHours(8)))
                .hasMessageContaining("realtimeWindow").hasMessageContaining("archiveDelay");
    }
}
