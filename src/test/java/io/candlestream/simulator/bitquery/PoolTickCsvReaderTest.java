package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tick-CSV reader on the real Uniswap V3 files (skipped when absent) and on broken input. */
class PoolTickCsvReaderTest {

    static final Path REAL = Files.isDirectory(Path.of("../shared/data/uniswap-v3-eth"))
            ? Path.of("../shared/data/uniswap-v3-eth") : Path.of("/work/shared/data/uniswap-v3-eth");
    private static final String HEADER = "block_number,block_timestamp,tx_type,transaction_hash,tx_index,log_index,"
            + "sender,receipt,amount0,amount1,total_liquidity,total_liquidity_delta,sqrtPriceX96,current_tick,"
            + "tick_lower,tick_upper,liquidity";

    private final PoolTickCsvReader reader = new PoolTickCsvReader(
            SwapPool.KNOWN.stream().collect(Collectors.toMap(SwapPool::address, p -> p)));

    static void assumeRealData() {
        assumeTrue(Files.isDirectory(REAL), "real data absent, Uniswap replay not tested: " + REAL.toAbsolutePath());
    }

    @Test
    void readsEverySwapRowOfTheRealFilesAndNothingElse() throws IOException {
        assumeRealData();
        List<DexSwap> swaps = reader.read(List.of(REAL));
        // shared/data/README.md: 267 swaps of the USDC/WETH pool, 41 of WETH/oSQTH.
        assertThat(swaps.stream().filter(s -> s.pool().equals(SwapPool.USDC_WETH))).hasSize(267);
        assertThat(swaps.stream().filter(s -> s.pool().equals(SwapPool.WETH_OSQTH))).hasSize(41);
        Path usdc = REAL.resolve("ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv");
        String[] first = Files.readAllLines(usdc).stream().filter(l -> l.contains(",SWAP,")).findFirst().orElseThrow()
                .split(",");
        DexSwap swap = swaps.stream().filter(s -> s.pool().equals(SwapPool.USDC_WETH)).findFirst().orElseThrow();
        assertThat(swap.blockNumber()).isEqualTo(Long.parseLong(first[0]));
        assertThat(swap.txHash()).isEqualTo(first[3]);
        assertThat(swap.logIndex()).isEqualTo(Integer.parseInt(first[5]));
        assertThat(swap.amount0()).isEqualTo(new BigInteger(first[8]));
        assertThat(swap.amount1()).isEqualTo(new BigInteger(first[9]));
        assertThat(swap.blockTime()).isEqualTo(Instant.parse(first[1].replace(' ', 'T') + "Z").getEpochSecond());
    }

    @Test
    void aMalformedRowFailsTheReadNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv");
        Files.writeString(file, HEADER + "\n"
                + "18937547,2024-01-05 00:33:23,SWAP,0xab,86,204,0x1,0x1,-4531900819,2000000000000000000,1,0,1,1,,,\n"
                + "18937552,2024-01-05 00:34:23,SWAP,0xcd,68,306,0x1,0x1,-13418x156267,5922025486057113707,1,0,1,1,,,\n");
        assertThatThrownBy(() -> reader.read(List.of(file))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("line 3");
    }

    @Test
    void aPoolWithUnknownTokensIsAnErrorThatSaysHowToRegisterIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ethereum-0x1111111111111111111111111111111111111111-2024-01-05.pool.tick.csv");
        Files.writeString(file, HEADER + "\n");
        assertThatThrownBy(() -> reader.read(List.of(file))).hasMessageContaining("0x1111111111111111111111111111111111111111")
                .hasMessageContaining("pool(new SwapPool");
    }

    @Test
    void aFileWithoutTheSwapColumnsIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-x.pool.tick.csv");
        Files.writeString(file, "block_number,block_timestamp\n1,2024-01-05 00:00:00\n");
        assertThatThrownBy(() -> reader.read(List.of(file))).hasMessageContaining("no column 'tx_type'");
    }

    @Test
    void aDirectoryWithoutTickFilesIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> reader.read(List.of(dir))).hasMessageContaining("no *.pool.tick.csv");
    }

    @Test
    void swapsOfOneBlockFromBothPoolsShareTheBlocksHash() {
        assumeRealData();
        Map<Long, List<DexSwap>> byBlock = reader.read(List.of(REAL)).stream()
                .collect(Collectors.groupingBy(DexSwap::blockNumber));
        byBlock.values().forEach(block -> assertThat(block.stream().map(DexSwap::blockHash).distinct()).hasSize(1));
        assertThat(new ChainLog(byBlock.values().stream().flatMap(List::stream).toList()).portions())
                .hasSize(byBlock.size());
    }
}
