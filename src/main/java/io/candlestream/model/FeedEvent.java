package io.candlestream.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the source hands downstream for one stream: a {@link Trade}, a {@link Gap} to backfill, a {@link StreamStart},
 * or a {@link DeadLetter} (rejected input, passed along in order to the dead-letter sink).
 *
 * <p>Events of one stream are in cursor order; the backfill operator turns every gap into the trades it stands for,
 * in place, so after it a stream is a gap-free sequence of trades.
 */
@TypeInfo(FeedEventTypeInfoFactory.class)
public sealed interface FeedEvent permits Trade, Gap, StreamStart, DeadLetter {

    /** The stream this event belongs to; the key of every keyed operator. */
    StreamId stream();
}
