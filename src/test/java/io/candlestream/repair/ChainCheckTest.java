package io.candlestream.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain check finds missing buckets and rows whose cursors do not chain, and marks both sides of a break. */
class ChainCheckTest {

    private static final long M = 60_000L;
    private static final StreamId STREAM = StreamId.of("binance", "XRPETH");

    private static Candle trades(long minute, long first, long last) {
        BigDecimal p = BigDecimal.ONE;
        return new Candle(STREAM, "1m", minute * M, p, p, p, p, p, p, last - first + 1, first, last);
    }

    private static Candle flat(long minute, long cursor) {
        BigDecimal p = BigDecimal.ONE;
        return new Candle(STREAM, "1m", minute * M, p, p, p, p, BigDecimal.ZERO, BigDecimal.ZERO, 0, cursor, cursor);
    }

    private static List<Candle> whole() {
        List<Candle> rows = new ArrayList<>();
        rows.add(trades(0, 1, 10));
        rows.add(trades(1, 11, 20));
        rows.add(flat(2, 20));
        rows.add(flat(3, 20));
        rows.add(trades(4, 21, 25));
        rows.add(trades(5, 26, 30));
        return rows;
    }

    @Test
    void wholeChainWithFlatsHasNoTargets() {
        ChainCheck.Result result = ChainCheck.check(whole(), M, 0, 6 * M, true);
        assertThat(result.isWhole()).isTrue();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void missingBucketsAreTargets() {
        List<Candle> rows = whole();
        rows.remove(3);
        rows.remove(1);
        assertThat(ChainCheck.check(rows, M, 0, 6 * M, true).targets()).containsExactly(1 * M, 3 * M);
    }

    @Test
    void rowAfterAMissingBucketIsCheckedOnceThatBucketIsBack() {
        List<Candle> rows = whole();
        rows.set(4, trades(4, 23, 25));
        List<Candle> withoutMinuteThree = new ArrayList<>(rows);
        withoutMinuteThree.remove(3);
        assertThat(ChainCheck.check(withoutMinuteThree, M, 0, 6 * M, true).targets()).containsExactly(3 * M);
        assertThat(ChainCheck.check(rows, M, 0, 6 * M, true).targets()).containsExactly(3 * M, 4 * M);
    }

    @Test
    void corruptedLastCursorMarksItsBucketAndTheNextOne() {
        List<Candle> rows = whole();
        rows.set(1, trades(1, 11, 22));
        assertThat(ChainCheck.check(rows, M, 0, 6 * M, true).targets()).containsExactly(1 * M, 2 * M);
    }

    @Test
    void corruptedFirstCursorMarksItsBucketAndThePreviousOne() {
        List<Candle> rows = whole();
        rows.set(4, trades(4, 23, 25));
        assertThat(ChainCheck.check(rows, M, 0, 6 * M, true).targets()).containsExactly(3 * M, 4 * M);
    }

    @Test
    void flatWithDifferentCursorsIsATarget() {
        List<Candle> rows = whole();
        rows.set(2, new Candle(STREAM, "1m", 2 * M, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ZERO, BigDecimal.ZERO, 0, 19, 20));
        assertThat(ChainCheck.check(rows, M, 0, 6 * M, true).targets()).contains(2 * M);
    }

    @Test
    void rowBeforeTheRangeAnchorsTheChainButIsNeverATarget() {
        List<Candle> rows = whole();
        rows.set(0, trades(0, 1, 12));
        assertThat(ChainCheck.check(rows, M, M, 6 * M, true).targets()).containsExactly(1 * M);
    }

    @Test
    void withoutFlatCandlesOnlyABrokenChainAcrossMissingBucketsIsAProblem() {
        List<Candle> rows = whole();
        rows.remove(3);
        rows.remove(2);
        assertThat(ChainCheck.check(rows, M, 0, 6 * M, false).isWhole()).isTrue();
        rows.remove(1);
        assertThat(ChainCheck.check(rows, M, 0, 6 * M, false).targets())
                .containsExactly(0L, 1 * M, 2 * M, 3 * M, 4 * M);
    }
}
