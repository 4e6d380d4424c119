package io.candlestream.feed;

import io.candlestream.model.StreamId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one history look-up on behalf of code that needs its answer before it can go on (start positions, dry
 * run, repair), turning every way it can fail into a {@link HistoryException} that names the stream and the look-up.
 */
public final class HistoryLookup {

    /** Longer than any retry sequence of a history client, so the client's own error is the one reported. */
    public static final long TIMEOUT_SECONDS = 300;

    private HistoryLookup() {}

    /** The look-up's answer; {@code what} names it in the error, e.g. "first trade at 2024-01-05T00:00:00Z". */
    public static <T> T await(CompletableFuture<T> lookup, StreamId stream, String what) {
        try {
            return lookup.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryException("[" + stream + "] interrupted while looking up the " + what, e);
        } catch (ExecutionException e) {
            throw new HistoryException("[" + stream + "] cannot look up the " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new HistoryException("[" + stream + "] no answer for the " + what + " within " + TIMEOUT_SECONDS
                    + " s", e);
        }
    }
}
