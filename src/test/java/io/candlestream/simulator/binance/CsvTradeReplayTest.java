package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTradeReplayTest {

    static final Path REAL_XRPETH = Path.of("../shared/data/binance-xrpeth/XRPETH-aggTrades.csv");

    @TempDir
    Path dir;

    @Test
    void readsRowsWithHeaderKeepingPriceAndQuantityText() throws IOException {
        Path csv = Files.writeString(dir.resolve("a.csv"),
                "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match\n"
                        + "13519807,0.00141342,23.00000000,15373518,15373518,1570752011620,true,true\n"
                        + "13519808,0.00141266,54.00000000,15373519,15373520,1570752011620,false,true\n");
        assertThat(CsvTradeReplay.read("XRPETH", csv)).containsExactly(
                new AggTrade("XRPETH", 13519807, "0.00141342", "23.00000000", 15373518, 15373518, 1570752011620L, true),
                new AggTrade("XRPETH", 13519808, "0.00141266", "54.00000000", 15373519, 15373520, 1570752011620L, false));
    }

    @Test
    void readsBinanceDumpsWithoutHeaderAndCapitalisedBooleans() throws IOException {
        Path csv = Files.writeString(dir.resolve("b.csv"), "1,0.10,2.0,5,5,1000,True,True\n2,0.11,3.0,6,7,1001,False,True\n");
        List<AggTrade> trades = CsvTradeReplay.read("ABC", csv);
        assertThat(trades).extracting(AggTrade::buyerMaker).containsExactly(true, false);
        assertThat(trades.get(1).price()).isEqualTo("0.11");
    }

    @Test
    void rejectsRowsOutOfOrderNamingTheLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("c.csv"), "2,0.1,1,5,5,1000,true,true\n1,0.1,1,6,6,1001,true,true\n");
        assertThatThrownBy(() -> CsvTradeReplay.read("ABC", csv))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("ascending");
    }

    @Test
    void rejectsRowsWithMissingColumns() throws IOException {
        Path csv = Files.writeString(dir.resolve("d.csv"), "1,0.1,1,5,5,1000\n");
        assertThatThrownBy(() -> CsvTradeReplay.read("ABC", csv))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 columns");
    }

    @Test
    void readsTheRealXrpethDumpCompletely() throws IOException {
        assumeTrue(Files.isReadable(REAL_XRPETH), "real data absent: " + REAL_XRPETH.toAbsolutePath());
        List<AggTrade> trades = CsvTradeReplay.read("XRPETH", REAL_XRPETH);
        assertThat(trades).hasSize(12_477);
        assertThat(trades.get(0).aggId()).isEqualTo(13_519_807L);
        assertThat(trades.get(trades.size() - 1).aggId()).isEqualTo(13_532_283L);
        assertThat(trades.get(trades.size() - 1).lastId()).isEqualTo(15_388_189L);
    }
}
