package io.candlestream.feed.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SwapAmountsTest {

    private static final PoolTokens USDC_WETH = new PoolTokens("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8",
            "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", 6, "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", 18);

    @Test
    void aToken1BasePricesTheSwapInToken0PerToken1WithExactVolumes() {
        PoolSymbol symbol = PoolSymbol.parse("0x8AD599C3A0FF1DE082011EFDDC58F1908EB6E6D8:token1");
        Trade trade = SwapAmounts.trade(StreamId.of("ethereum", symbol.symbol()), symbol, USDC_WETH, new Cursor(1, 2),
                1000, new BigInteger("-4531900819"), new BigInteger("2000000000000000000")).orElseThrow();
        assertThat(trade.quantity()).isEqualByComparingTo("2");
        assertThat(trade.quoteQuantity()).isEqualTo(new BigDecimal("4531.900819"));
        assertThat(trade.price()).isEqualByComparingTo("2265.9504095");
    }

    @Test
    void aToken0BaseRoundsTheQuotientHalfEvenTo34SignificantDigits() {
        PoolSymbol symbol = PoolSymbol.parse("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8");
        Trade trade = SwapAmounts.trade(StreamId.of("ethereum", symbol.symbol()), symbol, USDC_WETH, new Cursor(1, 2),
                1000, new BigInteger("-4531900819"), new BigInteger("2000000000000000000")).orElseThrow();
        assertThat(trade.quantity()).isEqualTo(new BigDecimal("4531.900819"));
        assertThat(trade.quoteQuantity()).isEqualByComparingTo("2");
        assertThat(trade.price().precision()).isEqualTo(34);
        assertThat(trade.price()).isEqualTo(new BigDecimal("2").divide(new BigDecimal("4531.900819"),
                java.math.MathContext.DECIMAL128));
    }

    @Test
    void aSwapWithAZeroAmountHasNoPrice() {
        PoolSymbol symbol = PoolSymbol.parse("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8");
        assertThat(SwapAmounts.trade(StreamId.of("ethereum", symbol.symbol()), symbol, USDC_WETH, new Cursor(1, 2),
                1000, BigInteger.ZERO, BigInteger.TEN)).isEmpty();
    }

    @Test
    void symbolsAreLowerCaseAddressesWithToken1SpelledOutAndToken0Implied() {
        assertThat(PoolSymbol.parse("0x8AD599C3A0FF1DE082011EFDDC58F1908EB6E6D8:token0").symbol())
                .isEqualTo("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8");
        assertThat(PoolSymbol.parse("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8:TOKEN1").symbol())
                .isEqualTo("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8:token1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoolSymbol.parse("0x8ad5"))
                .hasMessageContaining("not a pool address").hasMessageContaining("--symbols");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PoolSymbol.parse("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8:token2"))
                .hasMessageContaining(":token0 or :token1");
    }
}
