package io.callisto.hub.servers;

import static io.callisto.hub.servers.SpawnService.markFailed;
import static io.callisto.hub.servers.SpawnService.markStopped;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.metrics.HubMetrics;
import io.callisto.hub.proxy.ProxyRoutes;
import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.api.StartedServer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Carries a recorded start through: asks the spawner, waits until the server answers HTTP, routes it
 * through the proxy and marks it running, or marks it failed with the reason and the server's last
 * log lines, or stopped when a stop came meanwhile. Its database work goes through
 * {@link SpawnTransactions}. No thread is held while the spawner or the server is waited for (a
 * storm of starts would otherwise hold a thread each, and the pauses of the garbage collector grow
 * with every thread's stack): only what blocks (routing, the last event, undoing a start) runs on a
 * thread of {@link #blocking}, made when needed.
 */
@ApplicationScoped
class StartRunner {

    private static final Logger LOG = Logger.getLogger(StartRunner.class);

    @Inject
    HubConfig config;

    @Inject
    Spawner spawner;

    @Inject
    SpawnTransactions transactions;

    @Inject
    SpawnEvents events;

    @Inject
    ProxyRoutes routes;

    @Inject
    Readiness readiness;

    @Inject
    HubMetrics metrics;

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService blocking = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "spawn-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Runs the start to its end; completes {@code finished} with READY, with PENDING when the start was
     * cancelled, or exceptionally with the 500 a failed start answers.
     */
    void run(PreparedStart p, CompletableFuture<SpawnService.Progress> finished) {
        Run run = new Run(p, finished);
        CompletableFuture<StartedServer> started;
        try {
            started = spawner.startAsync(p.request(), (percent, message) -> events.progress(p.serverId(), p.spawnId(), percent, message),
                    blocking);
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.thenCompose(run::recordAddress)
                .thenCompose(recorded -> recorded ? run.awaitAnswer() : CompletableFuture.completedFuture(Readiness.Result.CANCELLED))
                .handleAsync(run::conclude, blocking);
    }

    /** One start on its way: what the spawner answered, once it did. */
    private final class Run {
        private final PreparedStart p;
        private final CompletableFuture<SpawnService.Progress> finished;
        private final long began = System.nanoTime();
        private volatile StartedServer started;

        Run(PreparedStart p, CompletableFuture<SpawnService.Progress> finished) {
            this.p = p;
            this.finished = finished;
        }

        CompletableFuture<Boolean> recordAddress(StartedServer server) {
            started = server;
            return transactions.submit(() -> StartRunner.recordAddress(p, server));
        }

        CompletableFuture<Readiness.Result> awaitAnswer() {
            events.progress(p.serverId(), p.spawnId(), 60, "Waiting for the server to answer at " + p.request().servicePrefix());
            return readiness.await(started, config.servers().startTimeout(), () -> transactions.submit(() -> ours(p) != null));
        }

        /** Ends the start as the wait for it ended (with {@code error} when the spawner, the database or the wait threw). */
        Void conclude(Readiness.Result result, Throwable error) {
            ServerState state = started == null ? ServerState.EMPTY : started.state();
            try {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    fail(cause.getMessage() == null ? cause.toString() : cause.getMessage(), state);
                    return null;
                }
                switch (result) {
                    case CANCELLED -> {
                        cancel(p, state);
                        finished.complete(SpawnService.Progress.PENDING);
                    }
                    case EXITED -> fail("The server exited before it answered", state);
                    case TIMED_OUT -> fail("The server did not answer within " + config.servers().startTimeout().toSeconds()
                            + " seconds", state);
                    case READY -> markReady();
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Ending the start of %s failed", p.request().displayName());
            } finally {
                finished.complete(SpawnService.Progress.PENDING);
            }
            return null;
        }

        private void markReady() {
            long routing = System.nanoTime();
            routes.add(p.request().servicePrefix(), started.url(), p.request().userName(), p.request().serverName());
            metrics.proxyAdd(Duration.ofNanos(System.nanoTime() - routing));
            if (!events.record(p.serverId(), p.spawnId(), 100, "Server ready at " + p.request().servicePrefix(), true, false,
                    () -> markRunning(p))) {
                routes.removeOrLeaveToSync(p.request().servicePrefix());
                cancel(p, started.state());
                finished.complete(SpawnService.Progress.PENDING);
                return;
            }
            metrics.spawn(Duration.ofNanos(System.nanoTime() - began), true);
            LOG.infof("Server %s is running at %s", p.request().displayName(), started.url());
            finished.complete(SpawnService.Progress.READY);
        }

        private void fail(String reason, ServerState state) {
            List<String> log = state.isEmpty() ? List.of() : spawner.logTail(state, config.servers().failureLogLines());
            String failure = log.isEmpty() ? reason : reason + ". Last lines of its log:\n" + String.join("\n", log);
            metrics.spawn(Duration.ofNanos(System.nanoTime() - began), false);
            if (!state.isEmpty()) {
                spawner.stop(state, config.servers().stopGrace());
            }
            events.record(p.serverId(), p.spawnId(), 100, "Spawn failed: " + failure, false, true, () -> markFailed(p.serverId(), failure));
            finished.completeExceptionally(new ApiException(500, "Spawn failed: " + failure));
            LOG.warnf("Start of %s failed: %s", p.request().displayName(), reason);
        }
    }

    /** The start's server row while it is still this start's and still pending; null once a stop (or another start) came. */
    private static Server ours(PreparedStart p) {
        Server server = Server.findById(p.serverId());
        return server != null && server.spawnId == p.spawnId() && server.status == ServerStatus.PENDING ? server : null;
    }

    private static boolean recordAddress(PreparedStart p, StartedServer started) {
        Server server = ours(p);
        if (server == null) {
            return false;
        }
        server.url = started.url().toString();
        server.spawnerState = new HashMap<>(started.state().values());
        return true;
    }

    /** Marks the server running, unless a stop came meanwhile (checked and changed in one transaction): false then. */
    private static boolean markRunning(PreparedStart p) {
        Server server = ours(p);
        if (server == null) {
            return false;
        }
        Instant now = Instant.now();
        server.status = ServerStatus.RUNNING;
        server.started = now;
        server.lastActivity = now;
        return true;
    }

    /** A stop arrived while starting: undo the start and record the server stopped. */
    private void cancel(PreparedStart p, ServerState state) {
        spawner.stop(state, config.servers().stopGrace());
        events.record(p.serverId(), p.spawnId(), 100, "Start cancelled: the server was stopped", false, true,
                () -> markStopped(p.serverId(), null));
    }

    @PreDestroy
    void shutdown() {
        blocking.shutdownNow();
    }
}
