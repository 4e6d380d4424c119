package io.candlestream.simulator.ethereum;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * Solidity ABI words as a node returns them: the Uniswap V3 {@code Swap} event's data (int256 amount0, int256 amount1,
 * uint160 sqrtPriceX96, uint128 liquidity, int24 tick), addresses and small unsigned results of {@code eth_call}.
 */
public final class SwapAbi {

    /** keccak256("Swap(address,address,int256,int256,uint160,uint128,int24)"), topic 0 of every Swap log. */
    public static final String SWAP_TOPIC = "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67";

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private SwapAbi() {
    }

    /** The {@code data} of a Swap log, {@code 0x} + five 32-byte words; each value checked against its Solidity type. */
    public static String swapData(BigInteger amount0, BigInteger amount1, BigInteger sqrtPriceX96, BigInteger liquidity,
            int tick) {
        return "0x" + signed(amount0, 256, "amount0") + signed(amount1, 256, "amount1")
                + unsigned(sqrtPriceX96, 160, "sqrtPriceX96") + unsigned(liquidity, 128, "liquidity")
                + signed(BigInteger.valueOf(tick), 24, "tick");
    }

    /** A 20-byte address as a 32-byte word (left-padded with zeros), without {@code 0x}. */
    public static String addressWord(String address) {
        return "0".repeat(24) + PoolTokens.address(address, "address").substring(2);
    }

    /** An address as a 32-byte topic, {@code 0x} + 64 hex digits. */
    public static String addressTopic(String address) {
        return "0x" + addressWord(address);
    }

    /** A value of Solidity type {@code int<bits>}, sign-extended to a 32-byte word (two's complement). */
    public static String signed(BigInteger value, int bits, String what) {
        BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + ": " + value + " does not fit int" + bits);
        }
        return word(value.signum() < 0 ? value.add(TWO_256) : value);
    }

    /** A value of Solidity type {@code uint<bits>} as a 32-byte word. */
    public static String unsigned(BigInteger value, int bits, String what) {
        if (value.signum() < 0 || value.bitLength() > bits) {
            throw new IllegalArgumentException(what + ": " + value + " does not fit uint" + bits);
        }
        return word(value);
    }

    private static String word(BigInteger nonNegative) {
        String hex = nonNegative.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

    /** Lower-case hex of {@code bytes}, without {@code 0x}. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
