package io.candlestream.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition by polling it until a deadline; tests never sleep for a fixed time. */
public final class Polling {

    private Polling() {}

    /** Polls {@code condition} every 200 ms until it holds; fails with {@code what} and the last error at the deadline. */
    public static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            synchronized (Polling.class) {
                Polling.class.wait(200);
            }
        }
        AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }
}
