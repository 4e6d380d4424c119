package io.candlestream.feed.binance;

import io.candlestream.feed.ProbeRound;
import io.candlestream.feed.ProbeSpend;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A probe round over many quiet Binance streams at O(1) request weight: the server's clock ({@code /api/v3/time},
 * weight 1), then ONE 24-hour ticker request for all of them ({@link BinanceTickers}), whose {@code lastId} per
 * symbol is a change detector. The ticker's ids are raw trade ids while a stream's cursor is the aggregate trade id,
 * so the ticker cannot say which aggregate trade is the newest; it can say that nothing traded since the last look.
 *
 * <ul>
 *   <li>A stream whose {@code lastId} is the one remembered from a previous round has not traded since that round's
 *       ticker; its newest aggregate trade is the one looked up after that ticker, remembered with it. Its answer is
 *       the round's safe time and that trade, at no further request.
 *   <li>A stream whose {@code lastId} moved (or that is seen for the first time, or that the ticker did not list)
 *       costs one {@code aggTrades?limit=1} (weight 4) for its newest aggregate trade, which is then remembered with
 *       this round's {@code lastId}. At most {@value #MAX_LOOKUPS_PER_ROUND} of them per round, streams that moved
 *       first; the others get no answer this round and are looked up in a later one (nothing is remembered for them).
 * </ul>
 *
 * <p><b>Why it is sound.</b> The clock {@code T} is read before the ticker, so the ticker's snapshot is at or after
 * {@code T}; a trade not in it is published after it and so has a time later than {@code T − publicationDelay}: the
 * safe time {@code T − delay − 1} holds for every stream of the round, moved or not. A remembered trade was looked up
 * after the ticker whose {@code lastId} it is remembered with, so while a later ticker shows the same {@code lastId}
 * no trade came after it; a {@code lastId} that moves in any way (newer, or −1 once the window is empty) is a change.
 * This assumes the ticker is current when it answers (the simulator's is; Binance serves it from memory). A ticker
 * that lagged by more than the publication delay could hide a trade for one round: the next round sees its
 * {@code lastId} move and the stream is backfilled, but its watermark may already have passed that trade.
 *
 * <p>Cost per round: 1 + ticker weight (2 up to 20 streams, 40 up to 100, 80 above) + 4 per stream that traded.
 * Thread-safe.
 */
final class TickerProbes {

    /** Newest-trade look-ups one round makes at most (the first round over many streams is one per stream). */
    static final int MAX_LOOKUPS_PER_ROUND = 100;

    /** Share of the exchange's weight limit the probe rounds of one client keep to (the moved streams included). */
    static final double PROBE_SHARE = 0.05;

    /** One stream's last look: the ticker's {@code lastId} then, and the newest aggregate trade looked up after it. */
    private record Seen(long tickerLastId, Trade latest) {}

    /** What the probes need of the client. */
    interface Requests {
        CompletableFuture<Long> serverTime();

        CompletableFuture<Map<String, Long>> tickerLastIds(List<String> symbols);

        CompletableFuture<Optional<Trade>> latestTrade(StreamId stream);
    }

    private final Requests requests;
    private final ProbeSpend spend;
    private final Map<StreamId, Seen> seen = new ConcurrentHashMap<>();
    private volatile int lastMovedWeight;

    TickerProbes(Requests requests, ProbeSpend spend) {
        this.requests = requests;
        this.spend = spend;
    }

    /** One round; see the class comment. */
    CompletableFuture<List<StreamProbe>> probeAll(List<StreamId> streams, Duration publicationDelay) {
        if (streams.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> symbols = streams.stream().map(StreamId::symbol).distinct().toList();
        spend.request(BinanceHistoryClient.TIME_WEIGHT);
        return requests.serverTime().thenCompose(serverTime -> {
            spend.request(BinanceTickers.weight(symbols.size()));
            return requests.tickerLastIds(symbols)
                    .thenCompose(lastIds -> answers(streams,
                            StreamProbe.safeTimeAfterClock(serverTime, publicationDelay), lastIds));
        });
    }

    /** The least time between two rounds' starts over {@code quietStreams} streams for {@link #PROBE_SHARE}. */
    Duration spacing(int quietStreams, long weightLimit, long windowMillis) {
        long roundWeight = BinanceHistoryClient.TIME_WEIGHT + BinanceTickers.weight(quietStreams) + lastMovedWeight;
        double share = PROBE_SHARE * weightLimit;
        return Duration.ofMillis((long) Math.ceil(windowMillis * roundWeight / share));
    }

    private CompletableFuture<List<StreamProbe>> answers(List<StreamId> streams, long safeTime,
            Map<String, Long> lastIds) {
        List<CompletableFuture<StreamProbe>> each = new ArrayList<>(streams.size());
        List<StreamId> moved = new ArrayList<>();
        List<StreamId> unseen = new ArrayList<>();
        for (StreamId stream : streams) {
            Long lastId = lastIds.get(stream.symbol());
            Seen last = seen.get(stream);
            if (last == null) {
                unseen.add(stream);
            } else if (lastId == null || last.tickerLastId() != lastId) {
                moved.add(stream);
            } else {
                each.add(CompletableFuture.completedFuture(new StreamProbe(stream, safeTime, last.latest(), null)));
            }
        }
        lastMovedWeight = Math.min(moved.size(), MAX_LOOKUPS_PER_ROUND) * BinanceHistoryClient.AGG_TRADES_WEIGHT;
        List<StreamId> lookUps = new ArrayList<>(moved);
        lookUps.addAll(unseen);
        for (StreamId stream : lookUps.subList(0, Math.min(lookUps.size(), MAX_LOOKUPS_PER_ROUND))) {
            Long lastId = lastIds.get(stream.symbol());
            spend.request(BinanceHistoryClient.AGG_TRADES_WEIGHT);
            each.add(requests.latestTrade(stream).thenApply(latest -> {
                if (lastId != null) {
                    seen.put(stream, new Seen(lastId, latest.orElse(null)));
                }
                return new StreamProbe(stream, safeTime, latest.orElse(null), null);
            }));
        }
        return ProbeRound.answered(each);
    }

    /** Streams remembered (tests). */
    int remembered() {
        return seen.size();
    }
}
