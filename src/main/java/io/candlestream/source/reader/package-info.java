/**
 * The live source's reader.
 *
 * <p>{@link io.candlestream.source.reader.FeedConnection} keeps one WebSocket for all of a reader's streams (OkHttp):
 * reconnect with capped exponential backoff and jitter, unanswered pings, silence, renewal before the exchange's age
 * limit, and a dropped connection when the {@link io.candlestream.source.reader.LiveBuffer} overflows. It drives one
 * {@code LiveSession} per connection (opening frames after every open, frames, ticks, in-place symbol changes) and
 * puts the session's signals into the buffer, numbered with the connection. After
 * {@code MAX_ATTEMPTS_WITHOUT_OPEN} attempts in a row that did not open, it gives up and the reader fails
 * {@code pollNext} with a {@link io.candlestream.source.reader.LiveFeedException} naming the endpoint and what to
 * check, so Flink's restart strategy takes over.
 *
 * <p>{@link io.candlestream.source.reader.LiveFeedSourceReader} keeps the {@code SourceReader} contract (splits,
 * snapshots, availability, FLIP-309 backlog reports, {@code numRecordsInErrors}, {@code pendingRecords}) and routes
 * every buffered item to a split's {@link io.candlestream.source.reader.StreamSplitEmitter}. The emitter emits first
 * and advances the split's cursor after, counts {@code numRecordsIn} in one place, owns the split's watermark and its
 * open {@link io.candlestream.source.reader.GapBacklog} (a gap handed out a few chunks at a time, with constant memory):
 * a gap at a cursor jump (dense), ahead of the first live trade of a connection that has not covered the split yet
 * (sparse), or up to a newest position a head or probe reveals. {@link io.candlestream.source.reader.QuietProbe} asks
 * the history API about quiet streams; an answer moves the watermark to the safe time, closes a sparse split's hole,
 * or finds trades the socket missed (backfill, then reconnect).
 *
 * <p>Split state, outputs and metrics are confined to the task's mailbox thread; the socket, tick and probe threads
 * only fill the buffer.
 */
package io.candlestream.source.reader;
