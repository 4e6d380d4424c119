package io.candlestream.simulator.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwapAbiTest {

    @Test
    void encodingTheDecodedRealSwapsReproducesTheirLogDataByteForByte() throws IOException {
        int checked = 0;
        for (String pool : List.of(UniswapData.USDC_WETH, UniswapData.WETH_OSQTH)) {
            Map<String, String> rawData = new HashMap<>();
            for (String line : Files.readAllLines(UniswapData.rawCsv(pool)).subList(1, lines(pool))) {
                String[] fields = line.split(",");
                // transaction hash and log index identify a log; data is the last column
                rawData.put(fields[2] + "/" + fields[4], fields[fields.length - 1]);
            }
            List<String> ticks = Files.readAllLines(UniswapData.tickCsv(pool));
            for (String line : ticks.subList(1, ticks.size())) {
                String[] f = line.split(",", -1);
                if (!f[2].equals("SWAP")) {
                    continue;
                }
                String data = SwapAbi.swapData(new BigInteger(f[8]), new BigInteger(f[9]), new BigInteger(f[12]),
                        new BigInteger(f[10]), new BigDecimal(f[13]).intValueExact());
                assertThat(data).as("swap %s/%s", f[3], f[5]).isEqualTo(rawData.get(f[3] + "/" + f[5]));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(267 + 41);
    }

    private static int lines(String pool) throws IOException {
        return Files.readAllLines(UniswapData.rawCsv(pool)).size();
    }

    @Test
    void negativeValuesAreTwosComplementAndTheTickIsSignExtended() {
        String data = SwapAbi.swapData(BigInteger.valueOf(-1), BigInteger.ONE, BigInteger.TWO, BigInteger.TEN, -2);
        assertThat(data).hasSize(2 + 5 * 64);
        assertThat(data.substring(2, 66)).isEqualTo("f".repeat(64));
        assertThat(data.substring(66, 130)).isEqualTo("0".repeat(63) + "1");
        assertThat(data.substring(258)).isEqualTo("f".repeat(63) + "e");
    }

    @Test
    void valuesOutsideTheirSolidityTypesAreRefusedByName() {
        assertThatThrownBy(() -> SwapAbi.swapData(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE.shiftLeft(160),
                BigInteger.ONE, 0)).hasMessageContaining("sqrtPriceX96").hasMessageContaining("uint160");
        assertThatThrownBy(() -> SwapAbi.swapData(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
                1 << 23)).hasMessageContaining("tick").hasMessageContaining("int24");
        assertThatThrownBy(() -> SwapAbi.swapData(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
                BigInteger.valueOf(-1), 0)).hasMessageContaining("liquidity");
    }

    @Test
    void anAddressWordIsLeftPaddedToThirtyTwoBytes() {
        assertThat(SwapAbi.addressTopic("0xA0b86991c6218b36c1d19d4a2e9eb0ce3606eB48"))
                .isEqualTo("0x000000000000000000000000a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48");
    }
}
