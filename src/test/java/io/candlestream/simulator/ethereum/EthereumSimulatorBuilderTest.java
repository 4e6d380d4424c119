package io.candlestream.simulator.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.simulator.SimClock;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EthereumSimulatorBuilderTest {

    @Test
    void theChainNeedsExactlyOneSource() {
        assertThatThrownBy(() -> EthereumSimulator.builder().build()).hasMessageContaining("exactly one source");
        assertThatThrownBy(() -> EthereumSimulator.builder().syntheticPools(1, 1).logs(TestChains.logs(1, 2)).build())
                .hasMessageContaining("exactly one source").hasMessageContaining("got 2");
    }

    @Test
    void everyPoolNeedsItsTokens() {
        assertThatThrownBy(() -> EthereumSimulator.builder().logs(TestChains.logs(10, 2)).build())
                .hasMessageContaining("pool: no token metadata for").hasMessageContaining("pool(address, token0");
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> TestChains.builder(1, 2).speed(2).clock(SimClock.realTime()).build())
                .hasMessageContaining("speed");
        assertThatThrownBy(() -> TestChains.builder(1, 2).speed(-1).build()).hasMessageContaining("speed must be");
        assertThatThrownBy(() -> EthereumSimulator.builder().syntheticPools(0, 1).build())
                .hasMessageContaining("syntheticPools");
        assertThatThrownBy(() -> EthereumSimulator.builder().syntheticPools(1, 1).swapEveryBlocks(0).build())
                .hasMessageContaining("swapEveryBlocks");
        assertThatThrownBy(() -> EthereumSimulator.builder().replayCsv(Path.of("ethereum-0x" + "1".repeat(40)
                + "-x.raw.csv")).build()).hasMessageContaining("replayCsv").hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> TestChains.builder(1, 2).pool("0x12", TestChains.TOKEN_A0, 1, TestChains.TOKEN_A1, 1))
                .hasMessageContaining("pool");
        try (EthereumSimulator sim = TestChains.builder(10, 2).build()) {
            assertThatThrownBy(() -> sim.reorg(4, false)).hasMessageContaining("1..3");
        }
    }

    @Test
    void theDefaultClockStartsAtTheFirstBlockAndTheKnownPoolsGetTheirRealTokens() {
        try (EthereumSimulator sim = EthereumSimulator.builder().replayCsv(UniswapData.rawCsv(UniswapData.USDC_WETH))
                .build()) {
            assertDefaults(sim);
        }
    }

    private static void assertDefaults(EthereumSimulator sim) {
        assertThat(sim.clock().start()).isEqualTo(Instant.parse("2024-01-05T00:33:23Z"));
        assertThat(sim.head().number()).isEqualTo(UniswapData.FIRST_BLOCK);
        PoolTokens tokens = sim.pools().get(UniswapData.USDC_WETH);
        assertThat(tokens.token0()).isEqualTo("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48");
        assertThat(tokens.decimals0()).isEqualTo(6);
        assertThat(tokens.decimals1()).isEqualTo(18);
        assertThat(sim.canonicalLogs()).hasSize(304);
        assertThat(sim.minedCanonicalLogs()).hasSize(1);
        assertThatThrownBy(sim::wsUrl).hasMessageContaining("start()");
    }

    @Test
    void syntheticSwapsAreDeterministicWithOppositeNonZeroAmountsAndOptionalZeroOnes() {
        SyntheticSwaps swaps = new SyntheticSwaps(3, 7, 100, 1_700_000_000, 3_000, 3, 0);
        assertThat(new SyntheticSwaps(3, 7, 100, 1_700_000_000, 3_000, 3, 0).input()).isEqualTo(swaps.input());
        List<ChainLog> logs = swaps.input().logs();
        assertThat(logs.size()).isBetween(2_500, 3_500);
        assertThat(logs).allMatch(ChainLog::isSwap);
        assertThat(logs.stream().map(ChainLog::address).distinct()).hasSize(3);
        for (ChainLog log : logs) {
            BigInteger amount0 = word(log.data(), 0);
            BigInteger amount1 = word(log.data(), 1);
            assertThat(amount0.signum() * amount1.signum()).as("opposite signs in %s", log).isEqualTo(-1);
            double sqrtPrice = new BigDecimal(word(log.data(), 2)).doubleValue() / Math.pow(2, 96);
            double ratio = amount1.abs().doubleValue() / amount0.abs().doubleValue();
            assertThat(ratio / (sqrtPrice * sqrtPrice)).isBetween(0.999, 1.001);
            assertThat(log.topics()).hasSize(3);
        }
        assertThat(swaps.input().blockTimestamps().get(100L + 2_999)).isEqualTo(1_700_000_000L + 12 * 2_999);
        List<ChainLog> withZeros = new SyntheticSwaps(2, 7, 100, 1_700_000_000, 300, 2, 5).input().logs();
        long zeros = withZeros.stream().filter(log -> word(log.data(), 0).signum() == 0
                && word(log.data(), 1).signum() == 0).count();
        assertThat(zeros).isEqualTo(withZeros.size() / 5);
    }

    @Test
    void syntheticPoolsComeWithTheirTokens() {
        try (EthereumSimulator sim = EthereumSimulator.builder().syntheticPools(2, 3).syntheticBlocks(100)
                .firstBlockTime(Instant.parse("2024-06-01T00:00:00Z")).build()) {
            assertThat(sim.pools()).hasSize(2);
            assertThat(sim.pools().values()).allMatch(pool -> pool.decimals0() == 18 && pool.decimals1() == 6);
            assertThat(sim.firstBlock()).isEqualTo(EthereumSimulatorBuilder.DEFAULT_SYNTHETIC_FIRST_BLOCK);
            assertThat(sim.blockAt(sim.firstBlock() + 150).timestamp())
                    .isEqualTo(Instant.parse("2024-06-01T00:00:00Z").getEpochSecond() + 12 * 150);
        }
    }

    /** Word {@code index} of ABI data, as a signed 256-bit integer. */
    private static BigInteger word(String data, int index) {
        BigInteger value = new BigInteger(data.substring(2 + 64 * index, 2 + 64 * (index + 1)), 16);
        return index < 2 && value.testBit(255) ? value.subtract(BigInteger.ONE.shiftLeft(256)) : value;
    }
}
