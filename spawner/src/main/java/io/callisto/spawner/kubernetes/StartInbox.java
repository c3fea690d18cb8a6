package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the shared watch tells one start in progress that its pod changed or an event about it
 * arrived. The start's thread waits on it ({@link #await}) instead of polling the API.
 */
final class StartInbox implements AutoCloseable {

    private static final Object POD_CHANGED = new Object();

    private final String key;
    private final Consumer<StartInbox> onClose;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    StartInbox(String key, Consumer<StartInbox> onClose) {
        this.key = key;
        this.onClose = onClose;
    }

    void podChanged() {
        queue.offer(POD_CHANGED);
    }

    void event(Event event) {
        queue.offer(event);
    }

    /**
     * Waits up to {@code max} for news, then returns the events that arrived (possibly none: the pod
     * changed, or nothing happened in time).
     */
    List<Event> await(Duration max) throws InterruptedException {
        List<Object> news = new ArrayList<>();
        Object first = queue.poll(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
        if (first != null) {
            news.add(first);
            queue.drainTo(news);
        }
        return news.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    /** The events that arrived and were not taken yet, without waiting. */
    List<Event> drain() {
        List<Object> news = new ArrayList<>();
        queue.drainTo(news);
        return news.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    @Override
    public void close() {
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "StartInbox[" + key + "]";
    }
}
