package io.candlestream.simulator.bitquery;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ERC-20 token as a DEX trade names it: its contract address (lower-case hex), symbol and number of decimals.
 *
 * @param address  the token's contract, {@code 0x} and 40 hex digits, stored in lower case
 * @param symbol   its ticker, e.g. {@code WETH}
 * @param decimals how many decimal places its raw integer amounts carry (0..36)
 */
public record TokenInfo(String address, String symbol, int decimals) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    public static final TokenInfo USDC = new TokenInfo("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC", 6);
    public static final TokenInfo WETH = new TokenInfo("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", "WETH", 18);
    public static final TokenInfo USDT = new TokenInfo("0xdac17f958d2ee523a2206206994597c13d831ec7", "USDT", 6);
    public static final TokenInfo OSQTH = new TokenInfo("0xf1b99e3e573a1a9c5e6b2ce818b617f0e664e86b", "oSQTH", 18);

    public TokenInfo {
        address = Objects.requireNonNull(address, "address").toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("token address: expected 0x and 40 hex digits, was '" + address + "'");
        }
        Objects.requireNonNull(symbol, "symbol");
        if (symbol.isBlank()) {
            throw new IllegalArgumentException("token symbol: must not be blank (token " + address + ")");
        }
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("token decimals: must be in 0..36, was " + decimals + " for " + symbol);
        }
    }
}
