package io.candlestream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Candle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Compares candle rows with the ground truth row by row and reports every wrong, missing or extra row. */
public final class CandleComparison {

    private CandleComparison() {}

    /** Asserts that {@code actual} and {@code expected} hold exactly the same rows (decimals compared by value). */
    public static void assertSameRows(String what, List<Candle> actual, List<Candle> expected) {
        Map<String, Candle> byKeyActual = index(actual);
        Map<String, Candle> byKeyExpected = index(expected);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Candle> e : byKeyExpected.entrySet()) {
            Candle got = byKeyActual.get(e.getKey());
            if (got == null) {
                problems.add("missing " + e.getKey() + " expected " + e.getValue());
            } else if (!got.equals(e.getValue())) {
                problems.add("wrong   " + e.getKey() + "\n   got      " + got + "\n   expected " + e.getValue());
            }
        }
        for (String key : byKeyActual.keySet()) {
            if (!byKeyExpected.containsKey(key)) {
                problems.add("extra   " + key + " " + byKeyActual.get(key));
            }
        }
        assertThat(problems)
                .as("%s: %d rows compared, %d wrong/missing/extra:%n%s", what, expected.size(), problems.size(),
                        problems.stream().limit(30).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    private static Map<String, Candle> index(List<Candle> candles) {
        Map<String, Candle> out = new TreeMap<>();
        for (Candle c : CandleRows.normalized(candles)) {
            out.put(c.stream() + "/" + c.interval() + "/" + java.time.Instant.ofEpochMilli(c.bucketStart()), c);
        }
        return out;
    }
}
