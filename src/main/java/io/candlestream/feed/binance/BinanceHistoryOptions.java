package io.candlestream.feed.binance;

import java.io.Serializable;
import java.time.Duration;

/**
 * Binance's own history limits: the share of the exchange's request-weight limit a client may use, the weight window
 * ({@code null}: the one exchangeInfo states, Binance's minute) and the pages of one range requested at once.
 *
 * @param weightBudget share (0..1] of the exchange's request weight per window this client may use
 * @param weightWindow the request-weight window, or {@code null} to take exchangeInfo's (shorter in tests)
 * @param pagesInFlight pages of one range requested at the same time
 */
public record BinanceHistoryOptions(double weightBudget, Duration weightWindow, int pagesInFlight)
        implements Serializable {

    /** Share of the exchange's request-weight limit a job uses by default; the pacer counts exactly, so 5% is margin. */
    public static final double DEFAULT_WEIGHT_BUDGET = 0.95;

    /** Pages of one range requested at the same time by default. */
    public static final int DEFAULT_PAGES_IN_FLIGHT = 4;

    public BinanceHistoryOptions {
        if (!(weightBudget > 0 && weightBudget <= 1)) {
            throw new IllegalArgumentException("weightBudget must be in (0, 1], was " + weightBudget);
        }
        if (weightWindow != null && (weightWindow.isZero() || weightWindow.isNegative())) {
            throw new IllegalArgumentException("weightWindow must be positive (or null for exchangeInfo's), was "
                    + weightWindow);
        }
        if (pagesInFlight < 1) {
            throw new IllegalArgumentException("pagesInFlight must be at least 1, was " + pagesInFlight);
        }
    }

    /** 95% of the limit, exchangeInfo's window, {@value #DEFAULT_PAGES_IN_FLIGHT} pages in flight. */
    public static BinanceHistoryOptions defaults() {
        return new BinanceHistoryOptions(DEFAULT_WEIGHT_BUDGET, null, DEFAULT_PAGES_IN_FLIGHT);
    }

    public BinanceHistoryOptions withWeightBudget(double budget) {
        return new BinanceHistoryOptions(budget, weightWindow, pagesInFlight);
    }
}
