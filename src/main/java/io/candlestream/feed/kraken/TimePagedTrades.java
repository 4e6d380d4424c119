package io.candlestream.feed.kraken;

import io.candlestream.feed.HistoryException;
import io.candlestream.history.RejectedAnswerException;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Loads a range of Kraken trade ids through {@code Trades}, which pages by time: it finds a {@code since} at or before
 * the range's first id, then pages forward, each page's {@code since} just before the previous page's last trade, and
 * keeps exactly the range's ids. Thread-safe.
 *
 * <p><b>Finding the time of an id.</b> Every page teaches the time of its first and last id ("anchors", a bounded map
 * per stream). An anchor at most {@value #MAX_ANCHOR_DISTANCE} ids before the range starts the paging; otherwise the
 * id is searched: the newest page first, then back in doubling steps of time until a page starts at or before the id,
 * then by interpolation (alternating with bisection) between the two nearest anchors. A range whose predecessor is
 * still being loaded waits for it and starts from its last trade, so consecutive gap chunks cost no search.
 *
 * <p><b>Page checks</b>, as Binance's: ids before the range are skipped, the first id kept must be the range's next
 * one, ids are contiguous, ids at or past the range end are dropped, an empty page while ids are missing is rejected.
 * A rejected page is asked for again by the generic client (a page that skips an id comes back whole).
 *
 * <p>{@code since} is taken {@value #MARGIN_NANOS} ns before a known trade time, because REST writes times as
 * floating-point seconds whose last digits are not exact, and because whether {@code since} is inclusive is not
 * documented; the overlap is skipped by id, so either reading is safe.
 */
final class TimePagedTrades {

    /** How far before a known trade time a {@code since} is taken: 1 µs, far above REST's time rounding. */
    static final long MARGIN_NANOS = 1_000;

    /** An anchor this close before a range's first id starts the paging without a search (two pages). */
    static final long MAX_ANCHOR_DISTANCE = 2L * KrakenHistoryClient.PAGE_TRADES;

    /** Most probe pages one search sends before it gives up. */
    static final int MAX_PROBES = 64;

    /** Anchors kept per stream. */
    static final int MAX_ANCHORS = 4096;

    /** The first step back in time when searching before the oldest anchor: ten minutes, doubling. */
    static final long FIRST_STEP_NANOS = 600L * 1_000_000_000L;

    private final KrakenHistoryClient client;
    private final ConcurrentMap<StreamId, TreeMap<Long, Long>> anchors = new ConcurrentHashMap<>();
    private final ConcurrentMap<StreamId, ConcurrentMap<Long, CompletableFuture<List<Trade>>>> loadingUpTo =
            new ConcurrentHashMap<>();

    TimePagedTrades(KrakenHistoryClient client) {
        this.client = client;
    }

    /** Every trade with an id in {@code [fromId, endId)}, in id order. */
    CompletableFuture<List<Trade>> fetch(StreamId stream, long fromId, long endId) {
        if (fromId >= endId) {
            return CompletableFuture.completedFuture(List.of());
        }
        ConcurrentMap<Long, CompletableFuture<List<Trade>>> loading =
                loadingUpTo.computeIfAbsent(stream, s -> new ConcurrentHashMap<>());
        CompletableFuture<List<Trade>> predecessor = loading.get(fromId);
        CompletableFuture<Void> ready = predecessor == null
                ? CompletableFuture.completedFuture(null)
                : predecessor.handle((trades, error) -> null);
        CompletableFuture<List<Trade>> result = ready
                .thenCompose(ignored -> locate(stream, fromId, 0))
                .thenCompose(since -> {
                    CompletableFuture<List<Trade>> done = new CompletableFuture<>();
                    page(stream, since, fromId, endId, new ArrayList<>(), done);
                    return done;
                });
        loading.put(endId, result);
        result.whenComplete((trades, error) -> loading.remove(endId, result));
        return result;
    }

    /** The first trade whose (floored) time is at or after {@code epochMillis}, if Kraken has one yet. */
    CompletableFuture<Optional<Trade>> firstAtOrAfter(StreamId stream, long epochMillis) {
        return firstFrom(stream, Math.max(0, KrakenTimes.millisToNanos(epochMillis) - MARGIN_NANOS), epochMillis, 0);
    }

    private CompletableFuture<Optional<Trade>> firstFrom(StreamId stream, long since, long epochMillis, int pages) {
        return client.tradesPage(stream, since, KrakenHistoryClient.PAGE_TRADES).thenCompose(page -> {
            learn(stream, page);
            for (KrakenTrades.Timed timed : page.trades()) {
                if (timed.trade().time() >= epochMillis) {
                    return CompletableFuture.completedFuture(Optional.of(timed.trade()));
                }
            }
            if (page.trades().isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Trade>empty());
            }
            long next = page.trades().get(page.trades().size() - 1).nanos();
            if (next <= since || pages >= MAX_PROBES) {
                return CompletableFuture.failedFuture(new HistoryException("[" + stream + "] Trades from since="
                        + since + " does not advance towards " + epochMillis + " ms"));
            }
            return firstFrom(stream, next, epochMillis, pages + 1);
        });
    }

    /** A {@code since} at or before the time of trade {@code id}, from an anchor or by searching. */
    private CompletableFuture<Long> locate(StreamId stream, long id, int probes) {
        Map.Entry<Long, Long> lo;
        Map.Entry<Long, Long> hi;
        TreeMap<Long, Long> known = anchorsOf(stream);
        synchronized (known) {
            lo = known.floorEntry(id);
            hi = known.ceilingEntry(id);
        }
        if (lo != null && lo.getKey() == id) {
            return CompletableFuture.completedFuture(Math.max(0, lo.getValue() - MARGIN_NANOS));
        }
        if (lo != null && id - lo.getKey() <= MAX_ANCHOR_DISTANCE && (hi == null || hi.getKey() > id)) {
            return CompletableFuture.completedFuture(Math.max(0, lo.getValue() - MARGIN_NANOS));
        }
        if (probes >= MAX_PROBES) {
            return CompletableFuture.failedFuture(new HistoryException("[" + stream + "] could not find the time of "
                    + "trade id " + id + " in " + probes + " Trades pages"));
        }
        long since;
        if (hi == null) {
            since = -1; // the newest trades first
        } else if (lo == null) {
            since = Math.max(0, hi.getValue() - (FIRST_STEP_NANOS << Math.min(probes, 30)));
        } else {
            long loT = lo.getValue();
            long hiT = hi.getValue();
            double share = probes % 2 == 1 ? 0.5 : (double) (id - lo.getKey()) / (hi.getKey() - lo.getKey());
            since = Math.max(loT, Math.min(hiT, loT + (long) ((hiT - loT) * share) - MARGIN_NANOS));
        }
        final Map.Entry<Long, Long> upper = hi;
        return client.tradesPage(stream, since, KrakenHistoryClient.PAGE_TRADES).thenCompose(page -> {
            learn(stream, page);
            List<KrakenTrades.Timed> trades = page.trades();
            if (trades.isEmpty()) {
                if (upper == null) {
                    return CompletableFuture.failedFuture(new HistoryException("[" + stream + "] Kraken has no "
                            + "trades, so trade id " + id + " cannot be loaded"));
                }
            } else {
                for (KrakenTrades.Timed timed : trades) {
                    if (timed.id() == id) {
                        return CompletableFuture.completedFuture(Math.max(0, timed.nanos() - MARGIN_NANOS));
                    }
                }
                if (since == 0 && trades.get(0).id() > id) {
                    return CompletableFuture.failedFuture(new HistoryException("[" + stream + "] trade id " + id
                            + " is older than the oldest trade Kraken serves (" + trades.get(0).id() + ")"));
                }
                if (upper == null && trades.get(trades.size() - 1).id() < id) {
                    return CompletableFuture.failedFuture(new HistoryException("[" + stream + "] trade id " + id
                            + " is newer than Kraken's newest trade (" + trades.get(trades.size() - 1).id() + ")"));
                }
            }
            return locate(stream, id, probes + 1);
        });
    }

    /** One checked page from {@code since}; then the next, until every id below {@code endId} is in hand. */
    private void page(StreamId stream, long since, long nextId, long endId, List<Trade> collected,
            CompletableFuture<List<Trade>> done) {
        client.tradesPage(stream, since, KrakenHistoryClient.PAGE_TRADES,
                        (page, body) -> check(page, since, nextId, endId, body))
                .whenComplete((step, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error);
                        return;
                    }
                    learn(stream, step.page());
                    collected.addAll(step.kept());
                    if (step.nextId() >= endId) {
                        done.complete(Collections.unmodifiableList(collected));
                    } else {
                        page(stream, step.nextSince(), step.nextId(), endId, collected, done);
                    }
                });
    }

    /** What one page gave: the range's trades in it, and where the next page starts. */
    record Step(KrakenTrades.Page page, List<Trade> kept, long nextId, long nextSince) {}

    /**
     * Checks one page for the ids {@code [nextId, endId)}: skips what lies before, keeps contiguous ids from exactly
     * {@code nextId}, drops ids at or past {@code endId}; rejects an empty page, a hole and a page that does not move on.
     */
    static Step check(KrakenTrades.Page page, long since, long nextId, long endId, String body)
            throws RejectedAnswerException {
        List<KrakenTrades.Timed> trades = page.trades();
        if (trades.isEmpty()) {
            throw new RejectedAnswerException("empty Trades page from since=" + since + " while ids " + nextId + ".."
                    + (endId - 1) + " are missing", body);
        }
        List<Trade> kept = new ArrayList<>(Math.min(trades.size(), (int) Math.min(Integer.MAX_VALUE, endId - nextId)));
        long expected = nextId;
        for (KrakenTrades.Timed timed : trades) {
            long id = timed.id();
            if (id < expected) {
                continue; // before the range (the overlap of since's margin)
            }
            if (id >= endId) {
                break; // past the range end: dropped
            }
            if (id != expected) {
                throw new RejectedAnswerException(expected == nextId
                        ? "Trades page from since=" + since + " goes from id " + lastBefore(trades, nextId) + " to " + id
                                + ", skipping the requested id " + nextId
                        : "Trades page skips ids: expected id " + expected + " after " + (expected - 1) + ", got " + id,
                        body);
            }
            kept.add(timed.trade());
            expected++;
        }
        long nextSince = Math.max(0, trades.get(trades.size() - 1).nanos() - MARGIN_NANOS);
        if (expected < endId && nextSince <= since) {
            if (page.last() > since) {
                nextSince = page.last();
            } else {
                throw new RejectedAnswerException("Trades page from since=" + since + " does not move on (last "
                        + page.last() + ") while ids " + expected + ".." + (endId - 1) + " are missing", body);
            }
        }
        return new Step(page, kept, expected, nextSince);
    }

    private static String lastBefore(List<KrakenTrades.Timed> trades, long id) {
        long last = -1;
        for (KrakenTrades.Timed timed : trades) {
            if (timed.id() < id) {
                last = timed.id();
            }
        }
        return last < 0 ? "(none: the page starts after it)" : Long.toString(last);
    }

    private void learn(StreamId stream, KrakenTrades.Page page) {
        List<KrakenTrades.Timed> trades = page.trades();
        if (trades.isEmpty()) {
            return;
        }
        TreeMap<Long, Long> known = anchorsOf(stream);
        synchronized (known) {
            KrakenTrades.Timed first = trades.get(0);
            KrakenTrades.Timed last = trades.get(trades.size() - 1);
            known.put(first.id(), first.nanos());
            known.put(last.id(), last.nanos());
            while (known.size() > MAX_ANCHORS) {
                known.pollFirstEntry();
            }
        }
    }

    private TreeMap<Long, Long> anchorsOf(StreamId stream) {
        return anchors.computeIfAbsent(stream, s -> new TreeMap<>());
    }
}
