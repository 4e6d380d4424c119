package io.candlestream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Symbol lists for the live benchmarks: BTCUSDT, ETHUSDT, then synthetic pairs S0003USDT, S0004USDT, … */
final class LiveSymbols {

    private LiveSymbols() {}

    static List<String> of(int count) {
        List<String> symbols = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            symbols.add(switch (i) {
                case 1 -> "BTCUSDT";
                case 2 -> "ETHUSDT";
                default -> String.format(Locale.ROOT, "S%04dUSDT", i);
            });
        }
        return symbols;
    }
}
