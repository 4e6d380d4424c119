package io.candlestream.candles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void parsesEveryBinanceLabelWithItsLength() {
        assertThat(Interval.parse("1m").millis()).isEqualTo(60_000L);
        assertThat(Interval.parse("3m").millis()).isEqualTo(180_000L);
        assertThat(Interval.parse("5m").millis()).isEqualTo(300_000L);
        assertThat(Interval.parse("15m").millis()).isEqualTo(900_000L);
        assertThat(Interval.parse("30m").millis()).isEqualTo(1_800_000L);
        assertThat(Interval.parse("1h").millis()).isEqualTo(3_600_000L);
        assertThat(Interval.parse("2h").millis()).isEqualTo(7_200_000L);
        assertThat(Interval.parse("4h").millis()).isEqualTo(14_400_000L);
        assertThat(Interval.parse("6h").millis()).isEqualTo(21_600_000L);
        assertThat(Interval.parse("8h").millis()).isEqualTo(28_800_000L);
        assertThat(Interval.parse("12h").millis()).isEqualTo(43_200_000L);
        assertThat(Interval.parse("1d").millis()).isEqualTo(86_400_000L);
        assertThat(Interval.supportedLabels()).hasSize(12);
    }

    @Test
    void keepsTheLabelAsWritten() {
        assertThat(Interval.parse("5m").label()).isEqualTo("5m");
        assertThat(Interval.parse("12h").toString()).isEqualTo("12h");
    }

    @Test
    void rejectsUnknownLabelListingWhatIsAllowed() {
        assertThatThrownBy(() -> Interval.parse("2m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2m'")
                .hasMessageContaining("allowed: 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d");
        assertThatThrownBy(() -> Interval.parse("5M")).hasMessageContaining("allowed:");
        assertThatThrownBy(() -> Interval.parse("")).hasMessageContaining("allowed:");
    }

    @Test
    void rejectsCalendarIntervalsSayingTheyAreNotSupported() {
        assertThatThrownBy(() -> Interval.parse("1w")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> Interval.parse("1M")).hasMessageContaining("not supported");
    }

    @Test
    void floorsToUtcAlignedBucketStart() {
        long t = Instant.parse("2019-10-11T13:47:21.123Z").toEpochMilli();
        assertThat(Interval.parse("1m").bucketStart(t)).isEqualTo(Instant.parse("2019-10-11T13:47:00Z").toEpochMilli());
        assertThat(Interval.parse("15m").bucketStart(t)).isEqualTo(Instant.parse("2019-10-11T13:45:00Z").toEpochMilli());
        assertThat(Interval.parse("4h").bucketStart(t)).isEqualTo(Instant.parse("2019-10-11T12:00:00Z").toEpochMilli());
        assertThat(Interval.parse("1d").bucketStart(t)).isEqualTo(Instant.parse("2019-10-11T00:00:00Z").toEpochMilli());
        long start = Instant.parse("2019-10-11T13:45:00Z").toEpochMilli();
        assertThat(Interval.parse("15m").bucketStart(start)).isEqualTo(start);
        assertThat(Interval.parse("15m").bucketStart(start - 1)).isEqualTo(start - 900_000L);
    }

    @Test
    void floorsNegativeTimesTowardsMinusInfinity() {
        Interval minute = Interval.parse("1m");
        assertThat(minute.bucketStart(-1)).isEqualTo(-60_000L);
        assertThat(minute.bucketStart(-60_000L)).isEqualTo(-60_000L);
        assertThat(minute.bucketStart(-60_001L)).isEqualTo(-120_000L);
        assertThat(Interval.parse("1d").bucketStart(-1)).isEqualTo(-86_400_000L);
    }

    @Test
    void ordersByLengthAndParsesListsSortedWithoutDuplicates() {
        assertThat(Interval.parse("1h")).isGreaterThan(Interval.parse("30m"));
        assertThat(Interval.parseList("1h, 1m,5m,1m"))
                .extracting(Interval::label)
                .containsExactly("1m", "5m", "1h");
        assertThat(Interval.parse("5m")).isEqualTo(Interval.parse("5m")).hasSameHashCodeAs(Interval.parse("5m"));
        assertThat(List.of(Interval.parse("1d"), Interval.ONE_MINUTE).stream().sorted().toList())
                .containsExactly(Interval.ONE_MINUTE, Interval.parse("1d"));
    }
}
