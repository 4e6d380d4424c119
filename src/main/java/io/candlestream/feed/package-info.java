/**
 * The feed adapter API: what the shared engine needs from one feed, and the adapters in {@code binance} and
 * {@code kraken}.
 *
 * <h2>Session protocol</h2>
 * A {@link io.candlestream.feed.FeedAdapter} says what to open ({@link io.candlestream.feed.LiveRequest}: URL,
 * handshake headers, {@code Sec-WebSocket-Protocol}; only {@code scheme://host:port} is ever logged) and creates one
 * {@link io.candlestream.feed.LiveSession} per connection, again after every reconnect. The engine sends the session's
 * opening frames right after open, hands it every text and binary frame ({@code onText}, {@code onBinary}; binary
 * frames a protocol does not expect are malformed, never ignored), calls {@code onTick(now)} on the cadence the
 * session asks for (reorder windows, confirmation depth), and first asks it to change the symbols in place
 * ({@code changeSymbols}; {@code false} means reconnect with a new request). The engine calls one session from one
 * thread at a time.
 *
 * <h2>Signals</h2>
 * A session writes to {@link io.candlestream.feed.LiveSignals}: trades (a frame's batch); a stream's safe time (no
 * trade at or before T is still to come on this connection); a head (nothing more of a stream, or of every stream of
 * the connection, at or before a cursor); frames to send back (application-level ping replies); errors that name a
 * stream (counted per stream, logged, and after a bounded count a failure of the task); malformed frames, with the
 * stream when the session can tell.
 *
 * <h2>Dense and sparse cursors</h2>
 * A dense feed ({@code denseCursors()}, e.g. Binance's aggregate trade ids) knows exactly whether a cursor follows
 * another, so a hole shows as a jump and becomes a gap. A sparse feed (block, log index) cannot tell: the source puts
 * {@code Gap(last emitted, first live)} ahead of the first live trade of every stream on every connection (and after a
 * restore or an added split), and a head or probe that reveals a newest position after the cursor makes the hole up to
 * there a gap too. Backlogs and progress are counted in the feed's unit ({@code backlogUnits}, {@code progressUnit}).
 *
 * <h2>History and probes</h2>
 * {@link io.candlestream.feed.HistoryClient} fetches gaps (page-checked, rate-limited, retried) and answers
 * {@link io.candlestream.feed.HistoryClient#probe} for a quiet stream: a {@link io.candlestream.feed.StreamProbe} with
 * the safe time and the newest trade (by default the exchange's clock less the publication delay, then its newest
 * trade) or, for a chain, the time and position of the block at head − confirmations.
 */
package io.candlestream.feed;
