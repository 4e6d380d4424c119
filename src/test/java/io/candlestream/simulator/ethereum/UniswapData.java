package io.candlestream.simulator.ethereum;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Uniswap V3 logs of 2024-01-05 in the shared data folder ({@code ../shared/data/uniswap-v3-eth} from the
 * project root, or {@code /work/shared/data/uniswap-v3-eth}); tests that need them are skipped with a message without.
 */
final class UniswapData {

    static final String USDC_WETH = "0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8";
    static final String WETH_OSQTH = "0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c";
    static final long FIRST_BLOCK = 18_937_547;
    static final long LAST_BLOCK = 18_944_428;

    private UniswapData() {
    }

    static Path folder() {
        for (Path candidate : new Path[] {Path.of("../shared/data/uniswap-v3-eth"),
                Path.of("/work/shared/data/uniswap-v3-eth")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "the real Uniswap V3 logs are not in ../shared/data/uniswap-v3-eth; skipped");
        throw new IllegalStateException("unreachable");
    }

    static Path rawCsv(String pool) {
        return folder().resolve("ethereum-" + pool + "-2024-01-05.raw.csv");
    }

    static Path tickCsv(String pool) {
        return folder().resolve("ethereum-" + pool + "-2024-01-05.pool.tick.csv");
    }
}
