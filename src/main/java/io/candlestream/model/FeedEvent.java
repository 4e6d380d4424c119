package io.candlestream.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the source hands downstream for one stream: a {@link Trade}, a {@link Gap} to backfill, or a {@link StreamStart}.
 *
 * <p>Events of one stream are in cursor order; the backfill operator turns every gap into the trades it stands for,
 * in place, so after it a stream is a gap-free sequence of trades.
 */
@TypeInfo(FeedEventTypeInfoFactory.class)
public sealed interface FeedEvent permits Trade, Gap, StreamStart {

    /** The stream this event belongs to; the key of every keyed operator. */
    StreamId stream();
}
