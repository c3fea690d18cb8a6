package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Where the shared watch tells one start in progress that its pod changed or an event about it
 * arrived. Events are kept until the start takes them ({@link #drain}); once the start listens
 * ({@link #onNews}), every piece of news also calls it, on the watch's thread, so that a start
 * waiting for its pod holds no thread of its own.
 */
final class StartInbox implements AutoCloseable {

    private static final Runnable NOBODY = () -> { };

    private final String key;
    private final Consumer<StartInbox> onClose;
    private final Queue<Event> events = new ConcurrentLinkedQueue<>();
    private volatile Runnable listener = NOBODY;

    StartInbox(String key, Consumer<StartInbox> onClose) {
        this.key = key;
        this.onClose = onClose;
    }

    void podChanged() {
        listener.run();
    }

    void event(Event event) {
        events.add(event);
        listener.run();
    }

    /** Calls {@code listener} at every piece of news from now on (it must be quick: it runs on the watch's thread). */
    void onNews(Runnable listener) {
        this.listener = listener;
    }

    /** The events that arrived and were not taken yet, oldest first. */
    List<Event> drain() {
        List<Event> news = new ArrayList<>();
        for (Event event = events.poll(); event != null; event = events.poll()) {
            news.add(event);
        }
        return news;
    }

    @Override
    public void close() {
        listener = NOBODY;
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "StartInbox[" + key + "]";
    }
}
