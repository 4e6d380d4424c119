package io.candlestream.simulator.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawLogCsvTest {

    private static final String POOL = "0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8";
    private static final String TOPIC = "0x000000000000000000000000a69babef1ca67a37ffaf7a485dfff3382056e78c";
    private static final String TX = "0x2c21608a118100f3de0b629d24d711554f54865c0a9115e2f4d8153281fd9179";

    @TempDir
    Path dir;

    @Test
    void everyRowOfBothRealFilesIsReadWithItsPoolBlockAndTimestamp() throws IOException {
        ChainInput usdc = RawLogCsv.read(UniswapData.rawCsv(UniswapData.USDC_WETH));
        ChainInput osqth = RawLogCsv.read(UniswapData.rawCsv(UniswapData.WETH_OSQTH));
        assertThat(usdc.logs()).hasSize(304).allMatch(log -> log.address().equals(UniswapData.USDC_WETH));
        assertThat(osqth.logs()).hasSize(44).allMatch(log -> log.address().equals(UniswapData.WETH_OSQTH));
        assertThat(usdc.logs().stream().filter(ChainLog::isSwap)).hasSize(267);
        assertThat(osqth.logs().stream().filter(ChainLog::isSwap)).hasSize(41);
        assertThat(usdc.blockTimestamps().firstKey()).isEqualTo(UniswapData.FIRST_BLOCK);
        assertThat(usdc.blockTimestamps().lastKey()).isEqualTo(UniswapData.LAST_BLOCK);
        assertThat(usdc.blockTimestamps().firstEntry().getValue())
                .isEqualTo(Instant.parse("2024-01-05T00:33:23Z").getEpochSecond());
        ChainLog first = usdc.logs().get(0);
        assertThat(first.blockNumber()).isEqualTo(18937547);
        assertThat(first.transactionHash()).isEqualTo(TX);
        assertThat(first.transactionIndex()).isEqualTo(86);
        assertThat(first.logIndex()).isEqualTo(204);
        assertThat(first.topics()).hasSize(3).first().isEqualTo(SwapAbi.SWAP_TOPIC);
        assertThat(first.data()).hasSize(2 + 5 * 64);
        // Each line of the files is one log, in file order.
        assertThat(Files.readAllLines(UniswapData.rawCsv(UniswapData.USDC_WETH))).hasSize(1 + 304);
        assertThat(osqth.logs().stream().filter(log -> log.topics().size() == 4)).isNotEmpty();
    }

    @Test
    void mergedFilesKeepChainOrderAndAgreeOnSharedBlocks() {
        ChainInput merged = ChainInput.merge(List.of(RawLogCsv.read(UniswapData.rawCsv(UniswapData.USDC_WETH)),
                RawLogCsv.read(UniswapData.rawCsv(UniswapData.WETH_OSQTH))), List.of("a", "b"));
        assertThat(merged.logs()).hasSize(348).isSortedAccordingTo(ChainInput.CHAIN_ORDER);
    }

    @Test
    void theFileNameMustNameThePool() {
        assertThatThrownBy(() -> RawLogCsv.poolOf(Path.of("swaps.csv")))
                .hasMessageContaining("replayCsv").hasMessageContaining("ethereum-<pool address>");
        assertThat(RawLogCsv.poolOf(Path.of("/x/ethereum-0x8AD599C3A0FF1DE082011EFDDC58F1908EB6E6D8-2024.raw.csv")))
                .isEqualTo(POOL);
    }

    @Test
    void aBadRowNamesFileLineColumnAndValue() throws IOException {
        Path file = write("18937547,2024-01-05 00:33:23," + TX + ",86,204,\"['" + TOPIC + "']\",0x00",
                "18937548,yesterday," + TX + ",1,2,\"[]\",0x");
        assertThatThrownBy(() -> RawLogCsv.read(file)).hasMessageContaining("line 3")
                .hasMessageContaining("block_timestamp").hasMessageContaining("'yesterday'");
        Path badTopic = write("18937547,2024-01-05 00:33:23," + TX + ",86,204,\"['0x12']\",0x00");
        assertThatThrownBy(() -> RawLogCsv.read(badTopic)).hasMessageContaining("line 2").hasMessageContaining("topic");
        Path badHeader = dir.resolve("ethereum-" + POOL + "-h.raw.csv");
        Files.writeString(badHeader, "a,b,c\n");
        assertThatThrownBy(() -> RawLogCsv.read(badHeader)).hasMessageContaining("expected the header");
    }

    @Test
    void quotedTopicsAreSplitOnlyOutsideQuotes() throws IOException {
        Path file = write("5,2024-01-05 00:00:00," + TX + ",0,1,\"['" + TOPIC + "', '" + TOPIC + "']\",0x");
        ChainLog log = RawLogCsv.read(file).logs().get(0);
        assertThat(log.topics()).containsExactly(TOPIC, TOPIC);
        assertThat(log.data()).isEqualTo("0x");
    }

    private Path write(String... rows) throws IOException {
        Path file = dir.resolve("ethereum-" + POOL + "-" + rows.length + ".raw.csv");
        Files.writeString(file, RawLogCsv.HEADER + "\n" + String.join("\n", rows) + "\n");
        return file;
    }
}
