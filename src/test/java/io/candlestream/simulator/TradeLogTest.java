package io.candlestream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.model.Cursor;
import io.candlestream.simulator.binance.AggTrade;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeLogTest {

    // Ids 100..109 at times 1000, 1000, 1010, 1020, ..., 1080: two trades share the first millisecond.
    private static final List<AggTrade> TRADES = java.util.stream.IntStream.range(0, 10)
            .mapToObj(i -> new AggTrade("XRPETH", 100 + i, "0.00150000", "1.00000000", 500 + i, 500 + i,
                    i == 0 ? 1000 : 990 + 10L * i, i % 2 == 0))
            .toList();

    private static TradeLog<AggTrade> replayLog() {
        return new TradeLog<>("XRPETH", TRADES.iterator(), true);
    }

    private static List<Long> ids(List<AggTrade> trades) {
        return trades.stream().map(AggTrade::aggId).toList();
    }

    @Test
    void onlyTradesAtOrBeforeNowAreVisible() {
        TradeLog<AggTrade> log = replayLog();
        assertThat(log.visible(999)).isEmpty();
        assertThat(ids(log.visible(1000))).containsExactly(100L, 101L);
        assertThat(ids(log.visible(1029))).containsExactly(100L, 101L, 102L, 103L);
        assertThat(log.nextTimeAfter(1029)).isEqualTo(1030);
    }

    @Test
    void fromIdReturnsAscendingIdsFromTheGivenOneUpToLimitAndNow() {
        TradeLog<AggTrade> log = replayLog();
        assertThat(ids(log.fromCursor(Cursor.ofId(103), 3, 10_000))).containsExactly(103L, 104L, 105L);
        assertThat(ids(log.fromCursor(Cursor.ofId(107), 1000, 1060))).containsExactly(107L);
        assertThat(log.fromCursor(Cursor.ofId(110), 10, 10_000)).isEmpty();
        assertThat(ids(log.fromCursor(Cursor.ofId(0), 2, 10_000))).containsExactly(100L, 101L);
    }

    @Test
    void betweenIsInclusiveOnBothEndsAndTakesTheFirstLimitTrades() {
        TradeLog<AggTrade> log = replayLog();
        assertThat(ids(log.between(1010, 1030, 100, 10_000))).containsExactly(102L, 103L, 104L);
        assertThat(ids(log.between(1000, 1030, 2, 10_000))).containsExactly(100L, 101L);
        assertThat(ids(log.between(1050, Long.MAX_VALUE, 100, 1060))).containsExactly(106L, 107L);
    }

    @Test
    void latestReturnsTheMostRecentVisibleTradesAscending() {
        TradeLog<AggTrade> log = replayLog();
        assertThat(ids(log.latest(Long.MAX_VALUE, 3, 1050))).containsExactly(104L, 105L, 106L);
        assertThat(ids(log.latest(1020, 2, 10_000))).containsExactly(102L, 103L);
    }

    @Test
    void haltDropsLaterTradesButNeverOnesAlreadyVisible() {
        TradeLog<AggTrade> log = replayLog();
        assertThat(log.visibleCount(1040)).isEqualTo(6);
        assertThat(log.haltAfter(1000, 1040)).isEqualTo(1040);
        assertThat(ids(log.all())).containsExactly(100L, 101L, 102L, 103L, 104L, 105L);
        assertThat(log.nextTimeAfter(1040)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anEndlessLogRefusesToListAllTradesUntilHalted() {
        TradeLog<AggTrade> log = new TradeLog<AggTrade>("BTCUSDT",
                new SyntheticTradeSource<>(SymbolSpec.forSymbol("BTCUSDT"), 1, 0, 60, 0, AggTrade::of), false);
        assertThatThrownBy(log::all).isInstanceOf(IllegalStateException.class).hasMessageContaining("haltTradingAt");
        log.haltAfter(60_000, 0);
        assertThat(log.all()).isNotEmpty().allSatisfy(t -> assertThat(t.time()).isLessThanOrEqualTo(60_000));
    }

    @Test
    void manualTradesStayInvisibleUntilReleasedWhateverTheClockSays() {
        TradeLog<AggTrade> log = TradeLog.<AggTrade>manual("XRPETH");
        log.append(TRADES.subList(0, 3));
        assertThat(log.visible(Long.MAX_VALUE - 1)).isEmpty();
        assertThat(log.latest(Long.MAX_VALUE - 1, 10, Long.MAX_VALUE - 1)).isEmpty();
        assertThat(log.nextTimeAfter(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(log.releaseAppended()).isEqualTo(3);
        log.append(TRADES.subList(3, 4));
        assertThat(ids(log.visible(0))).containsExactly(100L, 101L, 102L);
        assertThat(ids(log.all())).containsExactly(100L, 101L, 102L, 103L);
        log.haltAfter(0, 0);
        assertThat(log.releaseAppended()).as("a halt does not drop appended trades").isEqualTo(1);
    }

    @Test
    void manualTradesMustAscendInIdAndNotGoBackInTime() {
        TradeLog<AggTrade> log = TradeLog.<AggTrade>manual("XRPETH");
        log.append(TRADES.subList(2, 3));
        assertThatThrownBy(() -> log.append(TRADES.subList(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must follow trade 102");
        assertThatThrownBy(() -> replayLog().append(TRADES))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a manual symbol");
    }
}
