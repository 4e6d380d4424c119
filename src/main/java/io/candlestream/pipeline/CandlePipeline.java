package io.candlestream.pipeline;

import io.candlestream.audit.BackfillAuditSplit;
import io.candlestream.audit.BackfillRecord;
import io.candlestream.backfill.AuditedBackfillFunction;
import io.candlestream.backfill.BackfillFunction;
import io.candlestream.candles.CandleFunction;
import io.candlestream.candles.DedupFunction;
import io.candlestream.candles.Interval;
import io.candlestream.candles.TradeTimestampOperator;
import io.candlestream.model.Candle;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventTypeInfo;
import io.candlestream.source.LiveFeedSource;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Wires the job (docs/design.md §2): live source → async backfill (ordered) → trade time → keyBy(stream) → dedup → candles →
 * upsert sink. Rejected input (dead letters from the source, too-late trades, logged and counted on the way) goes to
 * the dead-letter sink; every filled gap leaves an audit record for the backfills sink. Source and sinks are arguments,
 * so tests swap them.
 */
public final class CandlePipeline {

    private CandlePipeline() {}

    /**
     * Adds the whole pipeline to {@code env}; returns the candle stream that goes to {@code sink}. Every
     * {@link io.candlestream.model.DeadLetter} goes to {@code deadLetterSink}.
     */
    public static DataStream<Candle> build(
            StreamExecutionEnvironment env,
            Source<FeedEvent, ?, ?> source,
            Sink<Candle> sink,
            Sink<FeedEvent> deadLetterSink,
            PipelineSettings settings) {
        return build(env, source, sink, deadLetterSink, null, settings);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, Source, Sink, Sink, PipelineSettings)}, and every filled gap's
     * {@link BackfillRecord} goes to {@code backfillSink} ({@code null}: no audit, the plain backfill operator).
     */
    public static DataStream<Candle> build(
            StreamExecutionEnvironment env,
            Source<FeedEvent, ?, ?> source,
            Sink<Candle> sink,
            Sink<FeedEvent> deadLetterSink,
            Sink<BackfillRecord> backfillSink,
            PipelineSettings settings) {
        String feed = settings.feed().name();
        DataStream<FeedEvent> live = env.fromSource(source, LiveFeedSource.watermarkStrategy(),
                        "Live trades (" + feed + " WebSocket)", FeedEventTypeInfo.INSTANCE)
                .uid(OperatorUids.SOURCE);

        DataStream<FeedEvent> backfilled;
        if (backfillSink == null) {
            backfilled = BackfillFunction.apply(live, settings.feed(), settings.history(), settings.backfillTimeout(),
                    settings.backfillCapacity());
        } else {
            SingleOutputStreamOperator<Either<FeedEvent, BackfillRecord>> audited = AuditedBackfillFunction.apply(
                    live, settings.feed(), settings.history(), settings.backfillTimeout(),
                    settings.backfillCapacity());
            SingleOutputStreamOperator<FeedEvent> split = audited
                    .process(new BackfillAuditSplit(), FeedEventTypeInfo.INSTANCE)
                    .name(BackfillAuditSplit.NAME)
                    .uid(OperatorUids.BACKFILL_AUDIT_SPLIT);
            split.getSideOutput(BackfillAuditSplit.RECORDS)
                    .sinkTo(backfillSink)
                    .name("Insert backfills (JDBC)")
                    .uid(OperatorUids.BACKFILLS_SINK);
            backfilled = split;
        }

        DataStream<FeedEvent> stamped = backfilled
                .transform("Trade time as event time", FeedEventTypeInfo.INSTANCE, new TradeTimestampOperator())
                .uid(OperatorUids.TRADE_TIME);

        DataStream<FeedEvent> deduped = stamped
                .keyBy(event -> event.stream().toString(), TypeInformation.of(String.class))
                .process(new DedupFunction(), FeedEventTypeInfo.INSTANCE)
                .name("Drop duplicates (cursor high-water mark)")
                .uid(OperatorUids.DEDUP);

        String labels = settings.intervals().stream().map(Interval::label).collect(Collectors.joining(","));
        // Dedup's output is still partitioned by stream: reinterpret it as keyed, so candles chain to dedup
        // instead of paying a second shuffle.
        SingleOutputStreamOperator<Candle> candles = DataStreamUtils.reinterpretAsKeyedStream(
                        deduped, event -> event.stream().toString(), TypeInformation.of(String.class))
                .process(new CandleFunction(settings.intervals(), settings.flatCandles(), settings.allowedLateness(),
                        settings.feed().cursorCodec()), TypeInformation.of(Candle.class))
                .name("Candles " + labels + " (event time)")
                .uid(OperatorUids.CANDLES);

        DataStream<FeedEvent> lateTrades = candles.getSideOutput(CandleFunction.LATE_TRADES)
                .map(new LateTradeLogger(), FeedEventTypeInfo.INSTANCE)
                .name("Too-late trades to dead letters (logged and counted)")
                .uid(OperatorUids.LATE_TRADES);
        candles.getSideOutput(CandleFunction.DEAD_LETTERS)
                .union(lateTrades)
                .sinkTo(deadLetterSink)
                .name("Insert dead letters (JDBC)")
                .uid(OperatorUids.DEAD_LETTERS_SINK);

        DataStream<Candle> counted = candles
                .map(new CandlesWrittenCounter())
                .name("Count candles written")
                .uid(OperatorUids.CANDLES_WRITTEN);
        counted.sinkTo(sink).name("Upsert candles (JDBC)").uid(OperatorUids.SINK);
        return counted;
    }
}
