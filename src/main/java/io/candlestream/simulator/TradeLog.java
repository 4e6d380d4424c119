package io.candlestream.simulator;

import io.candlestream.model.Cursor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The trade history of one symbol, ordered by cursor and drawn lazily from its source in id order; every query takes the simulated now and
 * sees only trades whose time is at or before it, so nothing leaks from the future. Thread-safe (all methods lock).
 *
 * <p>The list may hold a few generated trades beyond now (the look-ahead that tells the publisher when to wake);
 * halting trading drops those, never a trade that was already visible.
 *
 * <p>A manual log (see {@link #manual}) has no source: the caller appends trades, and they become visible when
 * {@link #releaseAppended()} is called, whatever their time and the clock say.
 */
public final class TradeLog<T extends SimTrade> {

    private final String symbol;
    private final Iterator<? extends T> source;
    private final boolean boundedSource;
    private final boolean manual;
    private final List<T> trades = new ArrayList<>();
    private int released; // manual logs only: trades [0, released) are visible
    private long haltAfterMillis = Long.MAX_VALUE;
    private boolean exhausted;
    private long servedFromMillis = Long.MIN_VALUE;

    /**
     * @param source        the trades in ascending cursor and non-decreasing time
     * @param boundedSource whether {@code source} ends (a replay) rather than being endless (synthetic)
     */
    public TradeLog(String symbol, Iterator<? extends T> source, boolean boundedSource) {
        this(symbol, source, boundedSource, false);
    }

    private TradeLog(String symbol, Iterator<? extends T> source, boolean boundedSource, boolean manual) {
        this.symbol = symbol;
        this.source = source;
        this.boundedSource = boundedSource;
        this.manual = manual;
    }

    /** A log whose trades the caller appends ({@link #append}) and releases ({@link #releaseAppended()}). */
    public static <T extends SimTrade> TradeLog<T> manual(String symbol) {
        return new TradeLog<>(symbol, Collections.<T>emptyIterator(), true, true);
    }

    public boolean isManual() {
        return manual;
    }

    /**
     * Appends trades to a manual log, not yet visible; cursors must ascend and times must not decrease, across calls
     * too.
     */
    public synchronized void append(List<T> appended) {
        if (!manual) {
            throw new IllegalStateException(symbol + " is not a manual symbol; its trades come from its own source");
        }
        for (T trade : appended) {
            if (!trade.symbol().equals(symbol)) {
                throw new IllegalArgumentException("trade " + trade.cursor() + " is of " + trade.symbol()
                        + ", not of " + symbol);
            }
            T last = trades.isEmpty() ? null : trades.get(trades.size() - 1);
            if (last != null && (!trade.cursor().isAfter(last.cursor()) || trade.time() < last.time())) {
                throw new IllegalArgumentException("trade " + trade.cursor() + " at " + trade.time() + " of " + symbol
                        + " must follow trade " + last.cursor() + " at " + last.time()
                        + ": ids ascending, times not decreasing");
            }
            trades.add(trade);
        }
    }

    /** Makes every appended trade of a manual log visible; returns how many became visible now. */
    public synchronized int releaseAppended() {
        int newly = trades.size() - released;
        released = trades.size();
        return newly;
    }

    public String symbol() {
        return symbol;
    }

    /**
     * No trade after {@code haltMillis}; a halt before {@code nowMillis} is moved to now, because trades up to now may
     * already have been published. Returns the effective halt time.
     */
    public synchronized long haltAfter(long haltMillis, long nowMillis) {
        if (manual) {
            return haltAfterMillis; // a manual log trades exactly what the caller appends
        }
        long effective = Math.max(haltMillis, nowMillis);
        haltAfterMillis = Math.min(haltAfterMillis, effective);
        while (!trades.isEmpty() && trades.get(trades.size() - 1).time() > haltAfterMillis) {
            trades.remove(trades.size() - 1);
            exhausted = true;
        }
        return haltAfterMillis;
    }

    /** History queries no longer see trades before {@code servedFromMillis}, as an exchange that prunes history. */
    public synchronized void serveHistoryFrom(long servedFromMillis) {
        this.servedFromMillis = servedFromMillis;
    }

    // Index of the first trade history still serves.
    private int firstServed() {
        return servedFromMillis == Long.MIN_VALUE ? 0 : upperBoundByTime(servedFromMillis - 1);
    }

    /** Whether the full log is finite: a replay, or a synthetic log with a halt time. */
    public synchronized boolean isBounded() {
        return boundedSource || haltAfterMillis != Long.MAX_VALUE;
    }

    /** Number of trades visible at {@code nowMillis}; trade {@code i < count} is visible. */
    public synchronized int visibleCount(long nowMillis) {
        if (manual) {
            return released;
        }
        extendBeyond(nowMillis);
        return upperBoundByTime(nowMillis);
    }

    /** Visible trades with index in {@code [fromIndex, visibleCount(now))}, for the publisher. */
    public synchronized List<T> visibleFrom(int fromIndex, long nowMillis) {
        int count = visibleCount(nowMillis);
        return fromIndex >= count ? List.of() : List.copyOf(trades.subList(fromIndex, count));
    }

    /** Time of the first trade after {@code nowMillis}, or {@code Long.MAX_VALUE} when trading is over. */
    public synchronized long nextTimeAfter(long nowMillis) {
        if (manual) {
            return Long.MAX_VALUE; // released by the publisher's periodic check, not by the clock
        }
        extendBeyond(nowMillis);
        int index = upperBoundByTime(nowMillis);
        return index < trades.size() ? trades.get(index).time() : Long.MAX_VALUE;
    }

    /** All trades visible at {@code nowMillis}. */
    public synchronized List<T> visible(long nowMillis) {
        return List.copyOf(trades.subList(0, visibleCount(nowMillis)));
    }

    /** Visible trades with cursor ≥ {@code from}, ascending, at most {@code limit}. */
    public synchronized List<T> fromCursor(Cursor fromCursor, int limit, long nowMillis) {
        int count = visibleCount(nowMillis);
        int from = Math.max(Math.min(count, firstServed()), lowerBoundByCursor(fromCursor, count));
        return List.copyOf(trades.subList(from, Math.min(count, from + limit)));
    }

    /** Visible trades with time in {@code [startMillis, endMillis]}, ascending, the first {@code limit} of them. */
    public synchronized List<T> between(long startMillis, long endMillis, int limit, long nowMillis) {
        int count = visibleCount(nowMillis);
        int from = Math.min(count, Math.max(firstServed(), upperBoundByTime(startMillis - 1)));
        int to = Math.min(count, upperBoundByTime(endMillis));
        return from >= to ? List.of() : List.copyOf(trades.subList(from, Math.min(to, from + limit)));
    }

    /**
     * The indices {@code [from, to)} of the visible trades with time in {@code [startMillis, endMillis]} (as
     * {@link #between}, without copying them), as {@code {from, to}}.
     */
    public synchronized int[] indicesBetween(long startMillis, long endMillis, long nowMillis) {
        int count = visibleCount(nowMillis);
        int from = Math.min(count, Math.max(firstServed(), upperBoundByTime(startMillis - 1)));
        int to = Math.max(from, Math.min(count, upperBoundByTime(endMillis)));
        return new int[] {from, to};
    }

    /** The trades at indices {@code [from, to)} (from {@link #indicesBetween}), ascending. */
    public synchronized List<T> slice(int from, int to) {
        return List.copyOf(trades.subList(from, to));
    }

    /** The trade at {@code index}, which must be below the visible count. */
    public synchronized T at(int index) {
        return trades.get(index);
    }

    /** The most recent {@code limit} visible trades with time ≤ {@code endMillis}, ascending. */
    public synchronized List<T> latest(long endMillis, int limit, long nowMillis) {
        int count = visibleCount(nowMillis);
        int to = Math.min(count, upperBoundByTime(endMillis));
        int from = Math.min(to, Math.max(firstServed(), to - limit));
        return List.copyOf(trades.subList(from, to));
    }

    /** The complete log, future trades included; only for a bounded log. */
    public synchronized List<T> all() {
        if (!isBounded()) {
            throw new IllegalStateException("the trade log of " + symbol
                    + " is endless: set haltTradingAt(...) or use a replay to get all trades");
        }
        extendBeyond(Long.MAX_VALUE - 1);
        return List.copyOf(trades);
    }

    // Draws trades until one lies beyond nowMillis, so visibility and the next wake-up time are both known.
    private void extendBeyond(long nowMillis) {
        while (!exhausted && (trades.isEmpty() || trades.get(trades.size() - 1).time() <= nowMillis)) {
            if (!source.hasNext()) {
                exhausted = true;
                return;
            }
            T next = source.next();
            if (next.time() > haltAfterMillis) {
                exhausted = true;
                return;
            }
            trades.add(next);
        }
    }

    // Index of the first trade with time > millis (times are non-decreasing).
    private int upperBoundByTime(long millis) {
        int low = 0;
        int high = trades.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (trades.get(mid).time() <= millis) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    // Index of the first trade in [0, count) with cursor ≥ cursor.
    private int lowerBoundByCursor(Cursor cursor, int count) {
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (trades.get(mid).cursor().compareTo(cursor) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
