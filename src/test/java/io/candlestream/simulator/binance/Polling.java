package io.candlestream.simulator.binance;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, re-checking every few milliseconds, instead of sleeping a guessed time. */
final class Polling {

    private static final long RECHECK_NANOS = 5_000_000;

    private Polling() {
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(RECHECK_NANOS);
        }
    }
}
