package io.candlestream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.simulator.binance.AggTrade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticTradeSourceTest {

    private static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

    private static List<AggTrade> take(String symbol, long seed, int n, long quietEvery) {
        SyntheticTradeSource<AggTrade> source =
                new SyntheticTradeSource<>(SymbolSpec.forSymbol(symbol), seed, START, 120, quietEvery, AggTrade::of);
        List<AggTrade> trades = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trades.add(source.next());
        }
        return trades;
    }

    @Test
    void sameSeedSymbolAndStartGiveTheSameTrades() {
        assertThat(take("BTCUSDT", 7, 2_000, 900_000)).isEqualTo(take("BTCUSDT", 7, 2_000, 900_000));
    }

    @Test
    void differentSeedsOrSymbolsGiveDifferentTrades() {
        assertThat(take("BTCUSDT", 7, 100, 0)).isNotEqualTo(take("BTCUSDT", 8, 100, 0));
        assertThat(take("ETHUSDT", 7, 100, 0).get(0).aggId()).isNotEqualTo(take("BTCUSDT", 7, 100, 0).get(0).aggId());
    }

    @Test
    void idsAreContiguousAndEachAggregateCoversOneToFourRawTrades() {
        List<AggTrade> trades = take("XRPETH", 3, 5_000, 0);
        assertThat(trades.get(0).aggId()).isBetween(1_000_000L, 10_000_000L);
        for (int i = 1; i < trades.size(); i++) {
            AggTrade previous = trades.get(i - 1);
            AggTrade trade = trades.get(i);
            assertThat(trade.aggId()).isEqualTo(previous.aggId() + 1);
            assertThat(trade.firstId()).isEqualTo(previous.lastId() + 1);
            assertThat(trade.lastId() - trade.firstId() + 1).isBetween(1L, 4L);
            assertThat(trade.time()).isGreaterThanOrEqualTo(previous.time());
        }
    }

    @Test
    void severalTradesShareAMillisecond() {
        List<AggTrade> trades = take("BTCUSDT", 5, 1_000, 0);
        Set<Long> times = new HashSet<>();
        trades.forEach(t -> times.add(t.time()));
        assertThat(times.size()).isLessThan(trades.size());
    }

    @Test
    void pricesAndQuantitiesAreEightDecimalStringsOnTheSymbolsGrid() {
        for (AggTrade trade : take("XRPETH", 11, 2_000, 0)) {
            assertThat(trade.price()).matches("0\\.00[0-9]{6}");
            assertThat(trade.quantity()).matches("[1-9][0-9]{0,3}\\.00000000");
        }
        for (AggTrade trade : take("BTCUSDT", 11, 2_000, 0)) {
            assertThat(trade.price()).matches("[0-9]{5}\\.[0-9]{2}000000");
            BigDecimal quantity = new BigDecimal(trade.quantity());
            assertThat(quantity.remainder(new BigDecimal("0.00001")).signum()).isZero();
            assertThat(quantity).isPositive();
        }
        assertThat(take("FOOBAR", 1, 1, 0).get(0).price()).matches("[0-9]{2,3}\\.[0-9]{2}000000");
    }

    @Test
    void quietStretchesLeaveWholeMinutesWithoutTrades() {
        List<AggTrade> trades = take("BTCUSDT", 9, 20_000, 10 * 60_000);
        long emptyMinutes = 0;
        for (int i = 1; i < trades.size(); i++) {
            long gapMinutes = trades.get(i).time() / 60_000 - trades.get(i - 1).time() / 60_000;
            emptyMinutes += Math.max(0, gapMinutes - 1);
        }
        assertThat(emptyMinutes).isGreaterThan(10);
    }
}
