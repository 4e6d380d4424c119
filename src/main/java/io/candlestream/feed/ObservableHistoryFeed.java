package io.candlestream.feed;

/**
 * A {@link FeedAdapter} whose history client reports to a {@link HistoryListener}. The backfill operator uses it to
 * count requests, retries and rate limits; a feed without it still works, uncounted.
 */
public interface ObservableHistoryFeed extends FeedAdapter {

    /** A new history client that reports to {@code listener}; the caller closes it. */
    HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener);
}
