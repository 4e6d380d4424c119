package io.candlestream.simulator.bitquery;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How the simulator writes an amount on the wire: the exact quotient raw / 10^decimals as a plain decimal string,
 * never in exponent notation, without trailing zeros after the point, without a point for whole numbers, {@code "0"}
 * for zero ({@code 2000000000000000000} WETH wei → {@code "2"}, {@code 4531900819} USDC units → {@code "4531.900819"}).
 */
final class TokenAmount {

    private TokenAmount() {
    }

    /** The exact decimal string of {@code raw} token units with {@code decimals} places. */
    static String decimal(BigInteger raw, int decimals) {
        if (raw.signum() == 0) {
            return "0";
        }
        return new BigDecimal(raw, decimals).stripTrailingZeros().toPlainString();
    }
}
