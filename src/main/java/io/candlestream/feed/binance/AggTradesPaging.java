package io.candlestream.feed.binance;

import io.candlestream.history.RejectedAnswerException;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts an aggregate-trade id range into pages of {@value BinanceFeed#MAX_PAGE_IDS} ids, requests up to
 * {@code pagesInFlight} of them at once (the ids are dense, so every page is known in advance), follows a short page
 * with the rest of its ids, and joins the pages in id order. Thread-safe.
 */
final class AggTradesPaging {

    /** One checked page of at most {@value BinanceFeed#MAX_PAGE_IDS} ids starting exactly at {@code fromId}. */
    @FunctionalInterface
    interface PageSource {
        CompletableFuture<List<Trade>> page(StreamId stream, long fromId, long endId);
    }

    private final PageSource source;
    private final int pagesInFlight;

    AggTradesPaging(PageSource source, int pagesInFlight) {
        this.source = source;
        this.pagesInFlight = pagesInFlight;
    }

    /** Every trade with an id in {@code [fromId, endId)}, in id order. */
    CompletableFuture<List<Trade>> fetch(StreamId stream, long fromId, long endId) {
        if (fromId >= endId) {
            return CompletableFuture.completedFuture(List.of());
        }
        long pages = (endId - fromId + BinanceFeed.MAX_PAGE_IDS - 1) / BinanceFeed.MAX_PAGE_IDS;
        if (pages == 1) {
            return segment(stream, fromId, endId);
        }
        if (pages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range too long for one fetch: " + fromId + ".." + (endId - 1));
        }
        return new ParallelFetch(stream, fromId, endId, (int) pages).start();
    }

    /**
     * Checks one page: not empty, starts at {@code fromId}, contiguous; ids at or past {@code endId} are dropped.
     */
    static List<Trade> checkPage(List<Trade> page, long fromId, long endId, String body)
            throws RejectedAnswerException {
        if (page.isEmpty()) {
            throw new RejectedAnswerException("empty page while ids " + fromId + ".." + (endId - 1) + " are missing",
                    body);
        }
        long expected = fromId;
        int keep = 0;
        for (Trade trade : page) {
            long id = trade.cursor().height();
            if (id >= endId && expected > fromId) {
                break; // ran past the range end: fine, the rest is dropped
            }
            if (id != expected) {
                throw new RejectedAnswerException(expected == fromId
                        ? "page starts at id " + id + ", requested fromId " + fromId
                        : "page skips ids: expected id " + expected + " after " + (expected - 1) + ", got " + id, body);
            }
            expected++;
            keep++;
        }
        return keep == page.size() ? page : List.copyOf(page.subList(0, keep));
    }

    /** Sequential pages from {@code fromId} until every id below {@code endId} is in hand. */
    private CompletableFuture<List<Trade>> segment(StreamId stream, long fromId, long endId) {
        CompletableFuture<List<Trade>> result = new CompletableFuture<>();
        List<Trade> collected = new ArrayList<>((int) Math.min(endId - fromId, BinanceFeed.MAX_PAGE_IDS));
        nextPage(stream, fromId, endId, collected, result);
        return result;
    }

    private void nextPage(StreamId stream, long nextId, long endId, List<Trade> collected,
            CompletableFuture<List<Trade>> result) {
        source.page(stream, nextId, endId).whenComplete((page, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
                return;
            }
            collected.addAll(page);
            long last = page.get(page.size() - 1).cursor().height();
            if (last + 1 >= endId) {
                result.complete(Collections.unmodifiableList(collected));
            } else {
                nextPage(stream, last + 1, endId, collected, result);
            }
        });
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Runs the pages of a long range, at most {@code pagesInFlight} at once, and joins them in id order. */
    private final class ParallelFetch {
        private final StreamId stream;
        private final long fromId;
        private final long endId;
        private final List<List<Trade>> parts;
        private final AtomicInteger nextPage = new AtomicInteger();
        private final AtomicInteger donePages = new AtomicInteger();
        private final CompletableFuture<List<Trade>> result = new CompletableFuture<>();

        ParallelFetch(StreamId stream, long fromId, long endId, int pages) {
            this.stream = stream;
            this.fromId = fromId;
            this.endId = endId;
            this.parts = new ArrayList<>(Collections.nCopies(pages, null));
        }

        CompletableFuture<List<Trade>> start() {
            for (int i = 0; i < Math.min(pagesInFlight, parts.size()); i++) {
                launchNext();
            }
            return result;
        }

        private void launchNext() {
            int page = nextPage.getAndIncrement();
            if (page >= parts.size() || result.isDone()) {
                return;
            }
            long start = fromId + (long) page * BinanceFeed.MAX_PAGE_IDS;
            long end = Math.min(endId, start + BinanceFeed.MAX_PAGE_IDS);
            segment(stream, start, end).whenComplete((trades, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                    return;
                }
                synchronized (parts) {
                    parts.set(page, trades);
                }
                if (donePages.incrementAndGet() == parts.size()) {
                    List<Trade> all = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, endId - fromId));
                    synchronized (parts) {
                        parts.forEach(all::addAll);
                    }
                    result.complete(Collections.unmodifiableList(all));
                } else {
                    launchNext();
                }
            });
        }
    }
}
