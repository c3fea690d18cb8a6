package io.callisto.spawner.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that nobody announces (a process leaving, a session being created) by
 * checking it every few milliseconds until a deadline.
 */
final class Await {

    private static final long CHECK_INTERVAL_MILLIS = 20;

    private Await() {
    }

    /** True as soon as {@code condition} holds; false when it still does not after {@code timeout}. */
    static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(CHECK_INTERVAL_MILLIS);
        }
        return true;
    }
}
