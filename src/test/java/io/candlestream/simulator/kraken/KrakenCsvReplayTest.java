package io.candlestream.simulator.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Kraken trade CSVs: the real XBT/USDT list keeps its exact text, and a hole in the ids is refused. */
class KrakenCsvReplayTest {

    @Test
    void readsTheRealTradeListWithItsExactDecimalsAndSubMillisecondTimes() {
        assumeTrue(KrakenTestData.present(), KrakenTestData.absent());

        List<KrakenTrade> trades = KrakenCsvReplay.read("BTC/USDT", KrakenTestData.DIR.resolve("XBTUSDT-trades.csv"));

        assertThat(trades).hasSize(1000);
        assertThat(trades.get(0).tradeId()).isEqualTo(10218208);
        assertThat(trades.get(999).tradeId()).isEqualTo(10219207);
        assertThat(trades.get(0).price()).isEqualTo("105433.60000");
        assertThat(trades.get(0).seconds()).isEqualTo(new BigDecimal("1762795433.9717445"));
        assertThat(trades.get(0).time()).isEqualTo(1762795433971L);
        assertThat(trades.get(0).nanos()).isEqualTo(1762795433971744500L);
    }

    @Test
    void refusesAFileWhoseIdsAreNotDense(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "trade_id,price,volume,time_s,time_ms,side,ordertype,misc\n"
                + "1,10.0,1,100.5,100500,b,l,\n3,10.0,1,101.5,101500,s,m,\n");

        assertThatThrownBy(() -> KrakenCsvReplay.read("BTC/USD", csv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trade ids must be dense");
    }
}
