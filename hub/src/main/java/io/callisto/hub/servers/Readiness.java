package io.callisto.hub.servers;

import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.api.StartedServer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Waits until a started server answers HTTP at its URL (any status counts, as in JupyterHub's
 * {@code wait_up}), noticing meanwhile when it exits or when its start is no longer wanted (asked
 * every {@value #CHECKS_PER_CANCEL_LOOKUP} checks, not before the first: the caller has just made
 * sure of it, and checks again when it records the server running). A wait holds no thread: its
 * requests are asynchronous and its pauses scheduled, on {@value #THREADS} threads for all waits, so a
 * thousand servers can be waited for at once.
 */
@ApplicationScoped
public class Readiness {

    /** How a wait ended. */
    public enum Result { READY, EXITED, TIMED_OUT, CANCELLED }

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final int CHECKS_PER_CANCEL_LOOKUP = 5;
    private static final int THREADS = 2;
    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    @Inject
    Spawner spawner;

    /** Ends pauses and takes the answers of probes (the HTTP client's own pool would make a thread per probe under way). */
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "readiness-" + THREAD_COUNT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(threads)
            .build();

    /**
     * @param stillWanted asks whether the start is still wanted (false once a stop came)
     * @return how the wait ended; fails with what the spawner or {@code stillWanted} threw
     */
    public CompletableFuture<Result> await(StartedServer server, Duration timeout, Supplier<CompletableFuture<Boolean>> stillWanted) {
        Wait wait = new Wait(server, System.nanoTime() + timeout.toNanos(), stillWanted);
        wait.attempt(0);
        return wait.result;
    }

    /** One server waited for. */
    private final class Wait {
        private final StartedServer server;
        private final long deadline;
        private final Supplier<CompletableFuture<Boolean>> stillWanted;
        private final HttpRequest probe;
        private final CompletableFuture<Result> result = new CompletableFuture<>();

        Wait(StartedServer server, long deadline, Supplier<CompletableFuture<Boolean>> stillWanted) {
            this.server = server;
            this.deadline = deadline;
            this.stillWanted = stillWanted;
            this.probe = HttpRequest.newBuilder(server.url()).timeout(Duration.ofSeconds(2)).GET().build();
        }

        void attempt(int number) {
            if (number > 0 && number % CHECKS_PER_CANCEL_LOOKUP == 0) {
                stillWanted.get().whenComplete((wanted, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else if (!wanted) {
                        result.complete(Result.CANCELLED);
                    } else {
                        probe(number);
                    }
                });
            } else {
                probe(number);
            }
        }

        private void probe(int number) {
            try {
                if (!spawner.poll(server.state()).running()) {
                    result.complete(Result.EXITED);
                    return;
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            http.sendAsync(probe, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, error) -> {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause == null) {
                    result.complete(Result.READY);
                } else if (!(cause instanceof IOException)) {
                    result.completeExceptionally(cause);
                } else if (System.nanoTime() > deadline) {
                    result.complete(Result.TIMED_OUT);
                } else {
                    threads.schedule(() -> attempt(number + 1), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    @PreDestroy
    void shutdown() {
        threads.shutdownNow();
    }
}
