package io.candlestream.audit;

import io.candlestream.model.FeedEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Right after the audited backfill: passes feed events on unchanged and moves each {@link BackfillRecord} to the
 * {@link #RECORDS} side output, which goes to the {@code backfills} sink. Stateless and chained to the backfill, so the
 * candle path pays one branch per element.
 */
public final class BackfillAuditSplit extends ProcessFunction<Either<FeedEvent, BackfillRecord>, FeedEvent> {

    private static final long serialVersionUID = 1L;

    /** The audit records of filled gaps. */
    public static final OutputTag<BackfillRecord> RECORDS =
            new OutputTag<>("backfill-records", TypeInformation.of(BackfillRecord.class));

    /** The operator's name in the web UI. */
    public static final String NAME = "Split off the backfill audit";

    @Override
    public void processElement(Either<FeedEvent, BackfillRecord> element, Context context,
            Collector<FeedEvent> out) {
        if (element.isLeft()) {
            out.collect(element.left());
        } else {
            context.output(RECORDS, element.right());
        }
    }
}
