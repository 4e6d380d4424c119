package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.TradeLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TickersTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long DAY = 86_400_000L;

    private static AggTrade trade(String symbol, long id, String price, String qty, long first, long last, long time) {
        return new AggTrade(symbol, id, price, qty, first, last, time, false);
    }

    /** XRPETH: one trade before the window, three in it (the first exactly at its start), one after now. */
    private static Map<String, TradeLog<AggTrade>> logs() {
        TradeLog<AggTrade> xrp = TradeLog.manual("XRPETH");
        xrp.append(List.of(
                trade("XRPETH", 10, "1.00000000", "2.00000000", 100, 101, NOW - DAY - 1),
                trade("XRPETH", 11, "1.50000000", "1.00000000", 102, 102, NOW - DAY),
                trade("XRPETH", 12, "2.00000000", "0.50000000", 103, 105, NOW - 1000),
                trade("XRPETH", 13, "1.20000000", "3.00000000", 106, 106, NOW),
                trade("XRPETH", 14, "9.00000000", "1.00000000", 107, 107, NOW + 1)));
        xrp.releaseAppended();
        TradeLog<AggTrade> quiet = TradeLog.manual("QUIETUSDT");
        quiet.append(List.of(trade("QUIETUSDT", 5, "3.25000000", "1.00000000", 50, 52, NOW - DAY - 3_600_000)));
        quiet.releaseAppended();
        Map<String, TradeLog<AggTrade>> logs = new LinkedHashMap<>();
        logs.put("XRPETH", xrp);
        logs.put("QUIETUSDT", quiet);
        return logs;
    }

    @Test
    void fullTickerIsTheHandComputedRollingWindowWithRawTradeIds() {
        JsonNode t = TradeJson.parse(new Tickers(logs()).answer(new TickerQuery(List.of("XRPETH"), true, false), NOW));
        assertThat(t.get("symbol").asText()).isEqualTo("XRPETH");
        assertThat(t.get("openPrice").asText()).isEqualTo("1.50000000");
        assertThat(t.get("highPrice").asText()).isEqualTo("2.00000000");
        assertThat(t.get("lowPrice").asText()).isEqualTo("1.20000000");
        assertThat(t.get("lastPrice").asText()).isEqualTo("1.20000000");
        assertThat(t.get("lastQty").asText()).isEqualTo("3.00000000");
        assertThat(t.get("prevClosePrice").asText()).isEqualTo("1.00000000");
        assertThat(t.get("priceChange").asText()).isEqualTo("-0.30000000");
        assertThat(t.get("priceChangePercent").asText()).isEqualTo("-20.000");
        assertThat(t.get("volume").asText()).isEqualTo("4.50000000");
        // 1.5 × 1 + 2 × 0.5 + 1.2 × 3
        assertThat(t.get("quoteVolume").asText()).isEqualTo("6.10000000");
        assertThat(t.get("weightedAvgPrice").asText()).isEqualTo("1.35555556");
        assertThat(t.get("openTime").asLong()).isEqualTo(NOW - DAY);
        assertThat(t.get("closeTime").asLong()).isEqualTo(NOW);
        // raw trade ids f..l of the aggregate trades 11..13, not the aggregate ids
        assertThat(t.get("firstId").asLong()).isEqualTo(102);
        assertThat(t.get("lastId").asLong()).isEqualTo(106);
        assertThat(t.get("count").asLong()).isEqualTo(5);
    }

    @Test
    void aSymbolWithoutTradesInTheWindowHasNoIdsAndItsLastPrice() {
        JsonNode all = TradeJson.parse(new Tickers(logs()).answer(new TickerQuery(null, false, true), NOW));
        assertThat(all).hasSize(2);
        JsonNode quiet = all.get(0);
        assertThat(quiet.get("symbol").asText()).isEqualTo("QUIETUSDT"); // every symbol, in name order
        assertThat(quiet.get("firstId").asLong()).isEqualTo(-1);
        assertThat(quiet.get("lastId").asLong()).isEqualTo(-1);
        assertThat(quiet.get("count").asLong()).isZero();
        assertThat(quiet.get("lastPrice").asText()).isEqualTo("3.25000000");
        assertThat(quiet.get("volume").asText()).isEqualTo("0.00000000");
        assertThat(quiet.has("priceChange")).as("MINI has no price change").isFalse();
        assertThat(all.get(1).get("lastId").asLong()).isEqualTo(106);
    }

    @Test
    void theWindowMovesWithTheClockAndWithNewTrades() {
        Map<String, TradeLog<AggTrade>> logs = logs();
        Tickers tickers = new Tickers(logs);
        assertThat(tickers.stats("XRPETH", NOW).lastId()).isEqualTo(106);
        assertThat(tickers.stats("XRPETH", NOW + 1).lastId()).isEqualTo(107);
        // a day and a bit later only trade 14 is left
        Tickers.Stats later = tickers.stats("XRPETH", NOW + DAY + 1);
        assertThat(later.firstId()).isEqualTo(107);
        assertThat(later.count()).isEqualTo(1);
        assertThat(later.prevClose()).isEqualTo("1.20000000");
        logs.get("QUIETUSDT").append(List.of(trade("QUIETUSDT", 6, "3.50000000", "2.00000000", 53, 53, NOW - 5)));
        logs.get("QUIETUSDT").releaseAppended();
        assertThat(tickers.stats("QUIETUSDT", NOW).lastId()).isEqualTo(53);
    }

    @Test
    void weightFollowsTheNumberOfSymbolsAsBinanceDocumentsIt() {
        assertThat(TickerQuery.weight("symbol=XRPETH")).isEqualTo(2);
        assertThat(TickerQuery.weight(null)).isEqualTo(80);
        assertThat(TickerQuery.weight("symbols=" + symbols(20))).isEqualTo(2);
        assertThat(TickerQuery.weight("symbols=" + symbols(21))).isEqualTo(40);
        assertThat(TickerQuery.weight("symbols=" + symbols(100))).isEqualTo(40);
        assertThat(TickerQuery.weight("symbols=" + symbols(101))).isEqualTo(80);
    }

    @Test
    void badQueriesAreRefusedWithBinancesCodes() throws Exception {
        Set<String> listed = Set.of("XRPETH", "BTCUSDT");
        assertCode("symbol=NOPE", listed, -1121);
        assertCode("symbols=%5B%22XRPETH%22,%22NOPE%22%5D", listed, -1121);
        assertCode("symbols=XRPETH", listed, -1100);
        assertCode("symbols=%5B%22XRPETH%22,%22XRPETH%22%5D", listed, -1101);
        assertCode("symbol=XRPETH&symbols=%5B%22XRPETH%22%5D", listed, -1128);
        assertCode("symbol=XRPETH&type=HUGE", listed, -1130);
        TickerQuery ok = TickerQuery.parse("symbols=%5B%22BTCUSDT%22,%22XRPETH%22%5D&type=MINI", listed);
        assertThat(ok.symbols()).containsExactly("BTCUSDT", "XRPETH");
        assertThat(ok.mini()).isTrue();
        assertThat(ok.single()).isFalse();
    }

    private static void assertCode(String query, Set<String> listed, int code) {
        assertThatThrownBy(() -> TickerQuery.parse(query, listed))
                .isInstanceOfSatisfying(BinanceApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
    }

    private static String symbols(int count) {
        StringBuilder out = new StringBuilder("%5B");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append("%22S").append(i).append("%22");
        }
        return out.append("%5D").toString();
    }
}
