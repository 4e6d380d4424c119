package io.candlestream.pipeline;

import io.candlestream.model.Candle;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Counts, per stream, the candles handed to the sink (metric {@code stream.<id>.candlesWritten}); passes them on. */
public final class CandlesWrittenCounter extends RichMapFunction<Candle, Candle> {

    public static final String CANDLES_WRITTEN = "candlesWritten";

    private transient Map<String, Counter> counters;

    @Override
    public void open(OpenContext openContext) {
        counters = new HashMap<>();
    }

    @Override
    public Candle map(Candle candle) {
        counters.computeIfAbsent(candle.stream().toString(), stream -> getRuntimeContext().getMetricGroup()
                .addGroup("stream", stream).counter(CANDLES_WRITTEN)).inc();
        return candle;
    }
}
