package io.callisto.hub.servers;

import io.callisto.hub.config.HubConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The database work of starts (recording a start, its address, its end), each piece in a
 * transaction of its own on one of {@code callisto.servers.start-transactions} threads, first come
 * first served. A storm of starts thus holds at most that many connections and request threads
 * for its writes, and the rest of the pool and the request threads stay free for the API. Work
 * given here must not itself wait for more work given here.
 */
@Startup
@ApplicationScoped
public class SpawnTransactions {

    @Inject
    HubConfig config;

    private ThreadPoolExecutor threads;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        int size = threadCount(config.servers().startTransactions());
        threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
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

    /** Runs {@code work} in a new transaction when a thread is free; the future fails with what it threw. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        threads.execute(() -> {
            try {
                result.complete(QuarkusTransaction.requiringNew().call(work::get));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** As {@link #submit}, waiting for the result; throws what {@code work} threw. */
    public <T> T call(Supplier<T> work) {
        try {
            return submit(work).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Pieces of work waiting for a thread. */
    int queued() {
        return threads.getQueue().size();
    }

    /** As {@link #call} for work without a result. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
