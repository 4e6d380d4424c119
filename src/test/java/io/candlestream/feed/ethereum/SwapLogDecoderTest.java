package io.candlestream.feed.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwapLogDecoderTest {

    @Test
    void decodesEverySwapOfTheRealPoolsExactlyAsTheirDecodedFiles() throws Exception {
        assumeTrue(RealSwapLogs.present(), "skipped: ../shared/data/uniswap-v3-eth/ is absent");
        int compared = 0;
        for (String pool : List.of(RealSwapLogs.USDC_WETH, RealSwapLogs.WETH_OSQTH)) {
            Map<String, RealSwapLogs.DecodedSwap> decoded = new HashMap<>();
            for (RealSwapLogs.DecodedSwap swap : RealSwapLogs.decodedSwaps(pool)) {
                decoded.put(swap.block() + "/" + swap.logIndex(), swap);
            }
            int swaps = 0;
            for (RealSwapLogs.RawLog raw : RealSwapLogs.rawLogs(pool)) {
                if (!raw.topics().get(0).equals(SwapLogDecoder.SWAP_TOPIC)) {
                    continue;
                }
                swaps++;
                SwapLog log = SwapLogDecoder.decode(json(raw), "test");
                RealSwapLogs.DecodedSwap expected = decoded.get(raw.block() + "/" + raw.logIndex());
                assertThat(expected).as("decoded row of %s/%s", raw.block(), raw.logIndex()).isNotNull();
                assertThat(log.amount0()).isEqualTo(expected.amount0());
                assertThat(log.amount1()).isEqualTo(expected.amount1());
                assertThat(log.sqrtPriceX96()).isEqualTo(expected.sqrtPriceX96());
                assertThat(log.liquidity()).isEqualTo(expected.liquidity());
                assertThat(log.tick()).isEqualTo(expected.tick());
                assertThat(log.block()).isEqualTo(raw.block());
                assertThat(log.blockTimestamp()).isEqualTo(raw.timestamp());
                compared++;
            }
            assertThat(swaps).as("swaps of %s", pool).isEqualTo(decoded.size());
        }
        assertThat(compared).isEqualTo(267 + 41);
    }

    @Test
    void readsNegativeAmountsAndTicksInTwosComplement() {
        ObjectNode log = log("0x" + word("-4531900819") + word("2000000000000000000") + word("7")
                + word("5876290753422535546") + word("-199032"));
        SwapLog swap = SwapLogDecoder.decode(log, "test");
        assertThat(swap.amount0()).isEqualTo(new BigInteger("-4531900819"));
        assertThat(swap.amount1()).isEqualTo(new BigInteger("2000000000000000000"));
        assertThat(swap.tick()).isEqualTo(-199032);
    }

    @Test
    void refusesALogThatIsNotASwapOrHasShortData() {
        ObjectNode log = log("0x" + word("1").repeat(4));
        assertThatThrownBy(() -> SwapLogDecoder.decode(log, "test")).isInstanceOf(BadLogException.class)
                .hasMessageContaining("5 words");
        ObjectNode other = log("0x" + word("1").repeat(5));
        other.putArray("topics").add("0x" + "0".repeat(64));
        assertThatThrownBy(() -> SwapLogDecoder.decode(other, "test")).isInstanceOf(BadLogException.class)
                .hasMessageContaining("not a Swap event");
    }

    static ObjectNode json(RealSwapLogs.RawLog raw) {
        ObjectNode log = JsonNodeFactory.instance.objectNode();
        log.put("address", raw.pool());
        var topics = log.putArray("topics");
        raw.topics().forEach(topics::add);
        log.put("data", raw.data());
        log.put("blockNumber", "0x" + Long.toHexString(raw.block()));
        log.put("blockHash", "0x" + "ab".repeat(32));
        log.put("logIndex", "0x" + Integer.toHexString(raw.logIndex()));
        log.put("transactionHash", raw.txHash());
        log.put("blockTimestamp", "0x" + Long.toHexString(raw.timestamp()));
        log.put("removed", false);
        return log;
    }

    private static ObjectNode log(String data) {
        ObjectNode log = JsonNodeFactory.instance.objectNode();
        log.put("address", RealSwapLogs.USDC_WETH);
        log.putArray("topics").add(SwapLogDecoder.SWAP_TOPIC);
        log.put("data", data);
        log.put("blockNumber", "0x10");
        log.put("blockHash", "0x" + "cd".repeat(32));
        log.put("logIndex", "0x3");
        return log;
    }

    static String word(String decimal) {
        BigInteger value = new BigInteger(decimal);
        if (value.signum() < 0) {
            value = value.add(BigInteger.ONE.shiftLeft(256));
        }
        String hex = value.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }
}
