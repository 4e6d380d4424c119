package io.candlestream.simulator.bitquery;

import java.time.Duration;
import java.util.Objects;

/**
 * Which blocks each dataset holds at a chain instant: {@code archive} the blocks at least {@code archiveDelay} old;
 * {@code realtime} the newer ones, within the last {@code realtimeWindow} ("when querying realtime data ... you will
 * only receive data that is not in the archive dataset", {@code docs/graphql/dataset/realtime.md}); {@code combined}
 * both. The delay must be shorter than the window, as on Bitquery, so {@code combined} has no hole.
 *
 * @param archiveDelay   how far the archive lags behind the chain ("tens of minutes to several hours")
 * @param realtimeWindow how far back the realtime database reaches ("the past 8 hours approximately")
 */
record DatasetRules(Duration archiveDelay, Duration realtimeWindow) {

    DatasetRules {
        Objects.requireNonNull(archiveDelay, "archiveDelay");
        Objects.requireNonNull(realtimeWindow, "realtimeWindow");
        if (archiveDelay.isNegative() || archiveDelay.isZero()) {
            throw new IllegalArgumentException("archiveDelay: must be > 0, was " + archiveDelay);
        }
        if (realtimeWindow.compareTo(archiveDelay) <= 0) {
            throw new IllegalArgumentException("realtimeWindow: must be longer than archiveDelay (" + archiveDelay
                    + "), was " + realtimeWindow + "; otherwise blocks between the two would be in no dataset");
        }
    }

    /** Whether a block with {@code blockTimeSeconds} is in {@code dataset} when the chain's clock is at {@code nowMillis}. */
    boolean holds(Dataset dataset, long blockTimeSeconds, long nowMillis) {
        long blockMillis = blockTimeSeconds * 1000;
        if (blockMillis > nowMillis) {
            return false; // not mined yet
        }
        boolean archived = blockMillis <= nowMillis - archiveDelay.toMillis();
        return switch (dataset) {
            case ARCHIVE -> archived;
            case REALTIME -> !archived && blockMillis > nowMillis - realtimeWindow.toMillis();
            case COMBINED -> true;
        };
    }
}
