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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Carries a recorded start through: asks the spawner, waits until the server answers HTTP, routes it
 * through the proxy and marks it running, or marks it failed with the reason and the server's last
 * log lines, or stopped when a stop came meanwhile. Its database work goes through
 * {@link SpawnTransactions}.
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

    /**
     * Runs the start to its end; completes {@code finished} with READY, with PENDING when the start was
     * cancelled, or exceptionally with the 500 a failed start answers.
     */
    void run(PreparedStart p, CompletableFuture<SpawnService.Progress> finished) {
        long began = System.nanoTime();
        StartedServer started = null;
        try {
            started = spawner.start(p.request(), (percent, message) -> events.progress(p.serverId(), p.spawnId(), percent, message));
            StartedServer running = started;
            if (!transactions.call(() -> recordAddress(p, running))) {
                cancel(p, running.state());
                finished.complete(SpawnService.Progress.PENDING);
                return;
            }
            events.progress(p.serverId(), p.spawnId(), 60, "Waiting for the server to answer at " + p.request().servicePrefix());
            Readiness.Result result = readiness.await(started, config.servers().startTimeout(), () -> stillPending(p));
            switch (result) {
                case CANCELLED -> {
                    cancel(p, started.state());
                    finished.complete(SpawnService.Progress.PENDING);
                    return;
                }
                case EXITED -> throw new StartFailure("The server exited before it answered", started.state());
                case TIMED_OUT -> throw new StartFailure("The server did not answer within "
                        + config.servers().startTimeout().toSeconds() + " seconds", started.state());
                default -> {
                }
            }
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
        } catch (StartFailure e) {
            fail(p, e.getMessage(), e.state, finished);
            metrics.spawn(Duration.ofNanos(System.nanoTime() - began), false);
        } catch (Exception e) {
            LOG.warnf("Start of %s failed: %s", p.request().displayName(), e.getMessage());
            fail(p, e.getMessage() == null ? e.toString() : e.getMessage(), started == null ? ServerState.EMPTY : started.state(),
                    finished);
            metrics.spawn(Duration.ofNanos(System.nanoTime() - began), false);
        } finally {
            finished.complete(SpawnService.Progress.PENDING);
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

    private boolean stillPending(PreparedStart p) {
        return transactions.call(() -> ours(p) != null);
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

    private void fail(PreparedStart p, String reason, ServerState state, CompletableFuture<SpawnService.Progress> finished) {
        List<String> log = state.isEmpty() ? List.of() : spawner.logTail(state, config.servers().failureLogLines());
        String failure = log.isEmpty() ? reason : reason + ". Last lines of its log:\n" + String.join("\n", log);
        if (!state.isEmpty()) {
            spawner.stop(state, config.servers().stopGrace());
        }
        events.record(p.serverId(), p.spawnId(), 100, "Spawn failed: " + failure, false, true, () -> markFailed(p.serverId(), failure));
        finished.completeExceptionally(new ApiException(500, "Spawn failed: " + failure));
        LOG.warnf("Start of %s failed: %s", p.request().displayName(), reason);
    }

    /** A start that failed for a reason the user should read. */
    private static final class StartFailure extends Exception {
        private final ServerState state;

        StartFailure(String message, ServerState state) {
            super(message, null, false, false);
            this.state = state;
        }
    }
}
