package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The wire form of token amounts: exact plain decimals of raw / 10^decimals. */
class TokenAmountTest {

    @Test
    void amountsArePlainExactDecimalsWithoutTrailingZeros() {
        assertThat(TokenAmount.decimal(new BigInteger("2000000000000000000"), 18)).isEqualTo("2");
        assertThat(TokenAmount.decimal(new BigInteger("4531900819"), 6)).isEqualTo("4531.900819");
        assertThat(TokenAmount.decimal(new BigInteger("4531900000"), 6)).isEqualTo("4531.9");
        assertThat(TokenAmount.decimal(BigInteger.ONE, 18)).isEqualTo("0.000000000000000001");
        assertThat(TokenAmount.decimal(BigInteger.ZERO, 18)).isEqualTo("0");
        assertThat(TokenAmount.decimal(new BigInteger("1000000000000000000000000"), 0))
                .isEqualTo("1000000000000000000000000");
    }
}
