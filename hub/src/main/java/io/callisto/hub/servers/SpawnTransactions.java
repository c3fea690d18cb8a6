package io.callisto.hub.servers;

import io.callisto.hub.config.HubConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The database work of starts (recording a start, its address, its end), each piece in a
 * transaction of its own on one of {@code callisto.servers.start-transactions} threads. A storm of
 * starts thus holds at most that many connections and request threads for its writes, and the rest
 * of the pool and the request threads stay free for the API. Starts under way come first: their
 * pieces are served before any new start is recorded (each kind in the order given), so that a storm's
 * first servers come up while the rest are still being recorded, instead of every start waiting until
 * the last one is. Work given here must not itself wait for more work given here.
 */
@Startup
@ApplicationScoped
public class SpawnTransactions {

    @Inject
    HubConfig config;

    private final AtomicLong order = new AtomicLong();
    private ThreadPoolExecutor threads;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        int size = threadCount(config.servers().startTransactions());
        threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "spawn-transactions-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The configured number of threads, refused with a message naming the setting unless positive. */
    static int threadCount(int configured) {
        if (configured < 1) {
            throw new IllegalStateException("callisto.servers.start-transactions must be at least 1, not " + configured);
        }
        return configured;
    }

    /** Runs a piece of a start under way in a new transaction when a thread is free; the future fails with what it threw. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        return queue(work, false);
    }

    /** As {@link #submit}, for recording a new start: served once no piece of a start under way waits. */
    public <T> CompletableFuture<T> submitStart(Supplier<T> work) {
        return queue(work, true);
    }

    private <T> CompletableFuture<T> queue(Supplier<T> work, boolean newStart) {
        CompletableFuture<T> result = new CompletableFuture<>();
        threads.execute(new Piece(newStart, order.incrementAndGet(), () -> {
            try {
                result.complete(QuarkusTransaction.requiringNew().call(work::get));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    /** Pieces of work waiting for a thread. */
    int queued() {
        return threads.getQueue().size();
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    /** A piece of work in line: pieces of starts under way before new starts, then first come first served. */
    private record Piece(boolean newStart, long order, Runnable work) implements Runnable, Comparable<Piece> {

        @Override
        public void run() {
            work.run();
        }

        @Override
        public int compareTo(Piece other) {
            int kind = Boolean.compare(newStart, other.newStart);
            return kind != 0 ? kind : Long.compare(order, other.order);
        }
    }
}
