package io.callisto.hub.changes;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber for tests that holds up the change listener: a notice {@code stall} on its channel
 * keeps the listener's thread until {@link #release()} (at most a minute), so that no barrier
 * notice is applied meanwhile.
 */
@ApplicationScoped
public class StallingSubscriber implements ChangeSubscriber {

    static final String CHANNEL = "callisto_test_stall";

    private volatile CountDownLatch release = new CountDownLatch(0);
    private final CountDownLatch stalled = new CountDownLatch(1);

    /** Arms the next stall; returns once the listener's thread is held (or fails after 10 s). */
    void armAndAwaitStall(Runnable sendStallNotice) throws InterruptedException {
        release = new CountDownLatch(1);
        sendStallNotice.run();
        if (!stalled.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the change listener never got the stall notice");
        }
    }

    void release() {
        release.countDown();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void changed(String payload) {
        if ("stall".equals(payload)) {
            stalled.countDown();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void listening(boolean listening) {
    }

    @Override
    public void forgetAll() {
    }
}
