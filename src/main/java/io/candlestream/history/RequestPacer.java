package io.candlestream.history;

import java.util.List;
import okhttp3.Headers;

/**
 * A feed's own request limit (e.g. Binance's request weight per minute), consulted by {@link HttpHistoryClient}
 * before every send and told about every answer. Implementations must be thread-safe.
 */
public interface RequestPacer {

    /** No limit: every request goes at once. */
    RequestPacer NONE = new RequestPacer() {
        @Override
        public Admission admit(int cost, Runnable onRelease) {
            return Admission.go(0);
        }

        @Override
        public List<Runnable> release(Admission admission, int cost, Headers headers) {
            return List.of();
        }
    };

    /**
     * A decision for one request: go ({@code delayMillis == 0}), ask again after {@code delayMillis}, or (negative)
     * wait until the pacer runs the {@code onRelease} given to {@link #admit}. {@code token} is the pacer's own.
     */
    record Admission(long delayMillis, long token) {
        public static Admission go(long token) {
            return new Admission(0, token);
        }

        public boolean granted() {
            return delayMillis == 0;
        }

        public boolean waitsForRelease() {
            return delayMillis < 0;
        }
    }

    /** Asks to send a request of this cost now. */
    Admission admit(int cost, Runnable onRelease);

    /**
     * A request admitted by {@code admission} is over; {@code headers} are its answer's, or {@code null} when there
     * was none. Returns the waiters to run now (the client runs them outside any lock).
     */
    List<Runnable> release(Admission admission, int cost, Headers headers);
}
