package io.candlestream.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The resume point is the earliest-ending last bucket's end and the smallest last cursor over the intervals. */
class ResumePointTest {

    private static final long M = 60_000L;

    @Test
    void noRowsMeansNoResumePoint() {
        assertThat(ResumePoint.of(List.of())).isEmpty();
    }

    @Test
    void singleIntervalResumesAfterItsLastBucketFromThatBucketsEnd() {
        assertThat(ResumePoint.of(List.of(new LastBucket("1m", 10 * M, 11 * M, 500))))
                .contains(new ResumePoint(500, 11 * M));
    }

    @Test
    void slowerIntervalThatLagsDecidesBothCursorAndCompleteFrom() {
        // 1m rows are written up to 10:12, the 5m rows only up to the bucket 10:05–10:10.
        LastBucket oneMinute = new LastBucket("1m", 12 * M, 13 * M, 900);
        LastBucket fiveMinutes = new LastBucket("5m", 5 * M, 10 * M, 700);
        assertThat(ResumePoint.of(List.of(oneMinute, fiveMinutes))).contains(new ResumePoint(700, 10 * M));
    }

    @Test
    void fasterIntervalThatLagsDecidesWhenTheSlowerOneIsAhead() {
        // The 5m bucket 10:05–10:10 was written with its 1m buckets 10:05..10:09; the 1m row 10:09 is the last.
        LastBucket oneMinute = new LastBucket("1m", 9 * M, 10 * M, 700);
        LastBucket fiveMinutes = new LastBucket("5m", 5 * M, 10 * M, 700);
        LastBucket oneHour = new LastBucket("1h", -50 * M, 10 * M, 700);
        assertThat(ResumePoint.of(List.of(oneMinute, fiveMinutes, oneHour))).contains(new ResumePoint(700, 10 * M));
    }

    @Test
    void flatLastBucketRepeatsThePreviousCursorAndStillEndsTheCompleteRange() {
        // The last 1m bucket is flat (cursor 650 carried); the 5m bucket ending later holds trades up to 700.
        LastBucket oneMinute = new LastBucket("1m", 8 * M, 9 * M, 650);
        LastBucket fiveMinutes = new LastBucket("5m", 5 * M, 10 * M, 700);
        assertThat(ResumePoint.of(List.of(oneMinute, fiveMinutes))).contains(new ResumePoint(650, 9 * M));
    }

    @Test
    void inconsistentTableNeverYieldsAResumePointAfterAnyIntervalsCursorOrEnd() {
        LastBucket a = new LastBucket("1m", 12 * M, 13 * M, 600);
        LastBucket b = new LastBucket("5m", 5 * M, 10 * M, 700);
        assertThat(ResumePoint.of(List.of(a, b))).contains(new ResumePoint(600, 10 * M));
    }
}
