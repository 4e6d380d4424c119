package io.candlestream.bench;

import io.candlestream.candles.CandleAccumulator;
import io.candlestream.feed.LiveFrameDecoder;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventSerializer;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the per-trade hot path: decoding a live Binance frame, serializing a trade between operators (and
 * into checkpoints), and folding a trade into a candle. Run with {@code scripts/bench.sh}; figures, not assertions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HotPathBenchmark {

    private static final String FRAME = "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1704067650400,"
            + "\"s\":\"BTCUSDT\",\"a\":9193734,\"p\":\"60108.99000000\",\"q\":\"0.00002000\",\"f\":11740320,"
            + "\"l\":11740322,\"T\":1704067650362,\"m\":false,\"M\":true}}";

    private static final com.fasterxml.jackson.databind.ObjectReader TREE =
            new com.fasterxml.jackson.databind.ObjectMapper().reader();

    private LiveFrameDecoder decoder;
    private FeedEventSerializer serializer;
    private DataOutputSerializer out;
    private Trade trade;
    private CandleAccumulator accumulator;

    @Setup
    public void setUp() {
        decoder = new BinanceFeed().newFrameDecoder();
        serializer = new FeedEventSerializer();
        out = new DataOutputSerializer(256);
        trade = new Trade(StreamId.of("binance", "BTCUSDT"), Cursor.ofId(9193734), 1704067650362L,
                new BigDecimal("60108.99000000"), new BigDecimal("0.00002000"), 3);
        accumulator = CandleAccumulator.of(trade);
    }

    @Benchmark
    public List<Trade> decodeLiveFrame() throws MalformedFrameException {
        return decoder.decode(FRAME);
    }

    /** The baseline of {@link #decodeLiveFrame}: Jackson reading the same frame as a tree, and doing nothing else. */
    @Benchmark
    public com.fasterxml.jackson.databind.JsonNode jacksonTreeOfLiveFrame() throws IOException {
        return TREE.readTree(FRAME);
    }

    @Benchmark
    public FeedEvent serializeAndDeserializeTrade() throws IOException {
        out.clear();
        serializer.serialize(trade, out);
        return serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    }

    @Benchmark
    public CandleAccumulator foldTradeIntoCandle() {
        accumulator.add(trade);
        return accumulator;
    }
}
