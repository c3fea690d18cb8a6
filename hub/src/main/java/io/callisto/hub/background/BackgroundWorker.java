package io.callisto.hub.background;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A named daemon thread that runs one loop for the hub's lifetime (listening for PostgreSQL's
 * announcements, writing queued rows). Its body loops while {@link #running()}; {@link #stop} ends it
 * by clearing that flag and interrupting the thread, so every wait below ends at once.
 */
public final class BackgroundWorker {

    /** The loop; returning or throwing {@link InterruptedException} ends the thread. */
    @FunctionalInterface
    public interface Body {
        void run(BackgroundWorker worker) throws InterruptedException;
    }

    private final Thread thread;
    private volatile boolean running = true;

    private BackgroundWorker(String name, Body body) {
        thread = new Thread(() -> {
            try {
                body.run(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
    }

    public static BackgroundWorker start(String name, Body body) {
        BackgroundWorker worker = new BackgroundWorker(name, body);
        worker.thread.start();
        return worker;
    }

    public boolean running() {
        return running;
    }

    /** Asks the loop to end and waits for it, at most {@code patience}. */
    public void stop(Duration patience) throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(patience.toMillis());
    }

    /** Sleeps for {@code time}; false if the worker is stopping (then the caller should return). */
    public boolean pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Parks the worker's thread until {@code ready} holds after a {@link #wake}; false if stopping. */
    public boolean awaitWork(BooleanSupplier ready) {
        while (running && !ready.getAsBoolean()) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }

    /** Wakes the loop from {@link #awaitWork}; cheap enough to call on every item queued. */
    public void wake() {
        LockSupport.unpark(thread);
    }
}
