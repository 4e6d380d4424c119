package io.candlestream.candles;

import static io.candlestream.candles.CandleTestSupport.MINUTE;
import static io.candlestream.candles.CandleTestSupport.T0;
import static io.candlestream.candles.CandleTestSupport.XRPETH;
import static io.candlestream.candles.CandleTestSupport.candleHarness;
import static io.candlestream.candles.CandleTestSupport.drain;
import static io.candlestream.candles.CandleTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Candle;
import io.candlestream.model.StreamStart;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * A job resumed from the candles table ({@code --start-from db}) gets the last stored trade R again, before its
 * {@code completeFrom}: R's bucket is not written, but the flats after the resume point carry R's close and cursor,
 * exactly as the job that wrote the table would have.
 */
class CandleFunctionResumeTest {

    @Test
    void flatsAfterTheResumePointCarryTheRedeliveredLastStoredTrade() throws Exception {
        CandleFunction function = new CandleFunction(List.of(Interval.parse("1m"), Interval.parse("5m")), true,
                Duration.ZERO, CursorCodec.DENSE_ID);
        try (var harness = candleHarness(function)) {
            harness.open();
            // The table ends with the 5m bucket 00:05–00:10, whose last trade is R = 100 at 00:07:30.
            harness.processElement(new StreamRecord<>(new StreamStart(XRPETH, T0 + 10 * MINUTE)));
            harness.processElement(new StreamRecord<>(trade(100, T0 + 7 * MINUTE + 30_000, "3", "1"),
                    T0 + 7 * MINUTE + 30_000));
            harness.processElement(new StreamRecord<>(trade(101, T0 + 17 * MINUTE + 5_000, "4", "2"),
                    T0 + 17 * MINUTE + 5_000));
            harness.processWatermark(T0 + 20 * MINUTE - 1);

            List<Candle> out = drain(harness);
            List<Candle> oneMinute = out.stream().filter(c -> c.interval().equals("1m")).toList();
            List<Candle> fiveMinutes = out.stream().filter(c -> c.interval().equals("5m")).toList();
            assertThat(oneMinute).extracting(Candle::bucketStart)
                    .containsExactly(range(10, 20, 1));
            assertThat(oneMinute.subList(0, 7)).allSatisfy(c -> {
                assertThat(c.isFlat()).isTrue();
                assertThat(c.close()).isEqualByComparingTo("3");
                assertThat(c.firstCursor()).isEqualTo(100);
                assertThat(c.lastCursor()).isEqualTo(100);
            });
            assertThat(oneMinute.get(7).firstCursor()).isEqualTo(101);
            assertThat(oneMinute.get(7).open()).isEqualByComparingTo("4");
            assertThat(oneMinute.subList(8, 10)).allSatisfy(c -> assertThat(c.lastCursor()).isEqualTo(101));
            assertThat(fiveMinutes).extracting(Candle::bucketStart).containsExactly(range(10, 20, 5));
            assertThat(fiveMinutes.get(0).isFlat()).isTrue();
            assertThat(fiveMinutes.get(0).close()).isEqualByComparingTo("3");
            assertThat(fiveMinutes.get(0).lastCursor()).isEqualTo(100);
            assertThat(fiveMinutes.get(1).firstCursor()).isEqualTo(101);
        }
    }

    private static Long[] range(int fromMinute, int toMinute, int step) {
        return java.util.stream.LongStream.iterate(fromMinute, m -> m < toMinute, m -> m + step)
                .mapToObj(m -> T0 + m * MINUTE).toArray(Long[]::new);
    }
}
