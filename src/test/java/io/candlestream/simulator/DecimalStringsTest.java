package io.candlestream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalStringsTest {

    private final SymbolSpec spec = SymbolSpec.forSymbol("BTCUSDT");

    @Test
    void everyUnitCountGetsItsOwnTextEvenWhenTwoShareASlot() {
        DecimalStrings prices = new DecimalStrings(spec::price);
        // 6,000,000 and 6,004,096 fall in the same slot: each must still read as itself, in any order.
        for (long ticks : List.of(6_000_000L, 6_004_096L, 6_000_000L, 6_004_096L, 1L, 1L + (1L << 32))) {
            assertThat(prices.of(ticks)).isEqualTo(spec.price(ticks));
        }
    }

    @Test
    void aRepeatedUnitCountSharesOneString() {
        DecimalStrings quantities = new DecimalStrings(spec::quantity);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            texts.add(quantities.of(1234));
        }
        assertThat(texts.get(0)).isEqualTo("0.01234000");
        assertThat(texts.get(1)).isSameAs(texts.get(0));
        assertThat(texts.get(2)).isSameAs(texts.get(0));
    }
}
