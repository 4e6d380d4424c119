package io.candlestream.simulator.ethereum;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Uniswap V3 pool's token metadata, what {@code token0()}, {@code token1()} and the tokens' {@code decimals()}
 * answer on the simulated chain.
 *
 * @param pool      the pool contract, lower case
 * @param token0    the first token's contract, lower case
 * @param decimals0 the first token's decimals
 * @param token1    the second token's contract, lower case
 * @param decimals1 the second token's decimals
 */
public record PoolTokens(String pool, String token0, int decimals0, String token1, int decimals1) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    /** The two real pools of the shared data, USDC/WETH 0.3% and WETH/oSQTH, with their real tokens. */
    public static final Map<String, PoolTokens> KNOWN = Map.of(
            "0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8", new PoolTokens("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8",
                    "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", 6, "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", 18),
            "0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c", new PoolTokens("0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c",
                    "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", 18, "0xf1b99e3e573a1a9c5e6b2ce818b617f0e664e86b", 18));

    public PoolTokens {
        pool = address(pool, "pool");
        token0 = address(token0, "token0");
        token1 = address(token1, "token1");
        if (decimals0 < 0 || decimals0 > 255 || decimals1 < 0 || decimals1 > 255) {
            throw new IllegalArgumentException("decimals of pool " + pool + " must be 0..255 (uint8), got "
                    + decimals0 + " and " + decimals1);
        }
        if (token0.equals(token1)) {
            throw new IllegalArgumentException("pool " + pool + ": token0 and token1 are both " + token0);
        }
    }

    static String address(String value, String what) {
        if (value == null || !ADDRESS.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException(what + ": expected 0x and 40 hex digits, got '" + value + "'");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
