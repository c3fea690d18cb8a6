package io.callisto.hub.servers;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.auth.Scopes;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.metrics.HubMetrics;
import io.callisto.hub.oauth.OAuthClient;
import io.callisto.hub.oauth.OAuthClients;
import io.callisto.hub.profiles.ProfileCatalog;
import io.callisto.hub.proxy.ProxyRoutes;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.TokenService;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.SpawnRequest;
import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.api.StartedServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Starts and stops users' servers. A start is recorded (server row pending, a fresh server token and
 * OAuth client, a first progress event) and answered at once; a background thread then asks the
 * spawner, waits until the server answers HTTP, routes it through the proxy and marks it running, or
 * marks it failed with the reason and the server's last log lines. Every step is in PostgreSQL, so any
 * replica can report on it.
 */
@ApplicationScoped
public class SpawnService {

    private static final Logger LOG = Logger.getLogger(SpawnService.class);
    private static final int RETRY_SECONDS = 30;
    private static final long SLOW_SPAWN_POLL_MILLIS = 100;

    /** What a stop request led to. */
    public enum StopOutcome {
        /** The server has stopped, or was not running (HTTP 204). */
        STOPPED,
        /** It was starting: the start is being cancelled (HTTP 202). */
        STOPPING
    }

    @Inject
    HubConfig config;

    @Inject
    Spawner spawner;

    @Inject
    TokenService tokens;

    @Inject
    OAuthClients oauthClients;

    @Inject
    SpawnEvents events;

    @Inject
    ProxyRoutes routes;

    @Inject
    Readiness readiness;

    @Inject
    HubMetrics metrics;

    @Inject
    ProfileCatalog profiles;

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "spawn-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private record Prepared(long serverId, long spawnId, SpawnRequest request) {
    }

    private Prepared prepare(String userName, String serverName, Map<String, String> userOptions) {
        profiles.validate(userOptions);
        User user = User.findById(UserService.require(userName).id, LockModeType.PESSIMISTIC_WRITE);
        Server server = Server.of(user, serverName).orElseGet(() -> {
            Server created = new Server();
            created.user = user;
            created.name = serverName;
            return created;
        });
        String who = serverName.isEmpty() ? user.name + "'s server" : user.name + "'s server '" + serverName + "'";
        if (server.id == null) {
            checkNamedServerAllowed(user, serverName);
        }
        switch (server.status) {
            case RUNNING -> throw ApiException.badRequest(who + " is already running");
            case STOPPING -> throw ApiException.badRequest(who + " is stopping; try again in a moment");
            case PENDING -> {
                return null;
            }
            default -> {
            }
        }
        checkSpawnLimits();
        server.status = ServerStatus.PENDING;
        server.spawnId++;
        server.failure = null;
        server.url = null;
        server.spawnerState = new HashMap<>();
        server.userOptions = new HashMap<>(userOptions);
        server.persistAndFlush();
        ApiToken.delete("serverId", server.id);
        TokenService.Issued token = tokens.issue(user, ApiToken.Kind.server,
                Scopes.serverRole(user.name, serverName), "Server token for " + server.prefix(), null);
        token.token().serverId = server.id;
        oauthClients.register(SpawnEnvironment.clientId(user.name, serverName), "Server at " + server.prefix(),
                server.prefix() + "oauth_callback", token.secret(), Scopes.accessScopes(user.name, serverName));
        SpawnEvent.of(server.id, server.spawnId, 0, "Server requested", false, false).persist();
        Map<String, String> env = SpawnEnvironment.of(config, user.name, serverName, token.secret());
        return new Prepared(server.id, server.spawnId,
                new SpawnRequest(user.name, serverName, server.prefix(), env, userOptions));
    }

    private void checkNamedServerAllowed(User user, String serverName) {
        if (serverName.isEmpty()) {
            return;
        }
        if (!config.servers().allowNamedServers()) {
            throw ApiException.badRequest("Named servers are not enabled on this hub");
        }
        int limit = config.servers().namedServerLimitPerUser();
        if (limit > 0 && Server.count("user = ?1 and name <> ''", user) >= limit) {
            throw ApiException.badRequest(user.name + " already has the maximum of " + limit
                    + " named servers; delete one before creating another");
        }
    }

    /** JupyterHub's {@code concurrent_spawn_limit} and {@code active_server_limit}: 429 with a hint when to retry. */
    private void checkSpawnLimits() {
        int concurrent = config.servers().concurrentSpawnLimit();
        if (concurrent > 0 && Server.count("status", ServerStatus.PENDING) >= concurrent) {
            throw ApiException.tooManyRequests("Too many servers are starting right now; try again in a moment", RETRY_SECONDS);
        }
        int active = config.servers().activeServerLimit();
        if (active > 0 && Server.count("status in ?1", List.of(ServerStatus.PENDING, ServerStatus.RUNNING)) >= active) {
            throw ApiException.tooManyRequests("The hub is running as many servers as it may; try again in a few minutes", RETRY_SECONDS);
        }
    }

    /** Where a start stands when {@code POST …/server} answers. */
    public enum Progress { READY, PENDING }

    /**
     * Starts a server and waits up to {@code wait} (null: {@code slow-spawn-timeout}) for it: READY (201) when it is running
     * by then, PENDING (202) when it is still starting or a start was already under way. A start that
     * fails within the wait is a 500 with the reason, as in JupyterHub.
     */
    public Progress startAndWait(String userName, String serverName, Map<String, String> userOptions, Duration wait) {
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepare(userName, serverName, userOptions));
        if (prepared == null) {
            return Progress.PENDING;
        }
        executor.submit(() -> run(prepared));
        long deadline = System.nanoTime() + (wait == null ? config.servers().slowSpawnTimeout() : wait).toNanos();
        while (System.nanoTime() < deadline) {
            Server server = QuarkusTransaction.requiringNew().call(() -> Server.<Server>findById(prepared.serverId()));
            if (server == null || server.spawnId != prepared.spawnId()) {
                return Progress.PENDING;
            }
            if (server.status == ServerStatus.RUNNING) {
                return Progress.READY;
            }
            if (server.status == ServerStatus.FAILED) {
                throw new ApiException(500, "Spawn failed: " + server.failure);
            }
            if (server.status != ServerStatus.PENDING) {
                return Progress.PENDING;
            }
            try {
                Thread.sleep(SLOW_SPAWN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Progress.PENDING;
            }
        }
        return Progress.PENDING;
    }

    /** Forgets a stopped named server (its row, events and tokens). */
    public void remove(String userName, String serverName) {
        QuarkusTransaction.requiringNew().run(() -> {
            User user = UserService.require(userName);
            Server server = Server.of(user, serverName).orElseThrow(() ->
                    ApiException.notFound(user.name + " has no server named '" + serverName + "'"));
            if (server.status.active()) {
                throw ApiException.badRequest("Stop the server before removing it");
            }
            OAuthClient.delete("identifier", SpawnEnvironment.clientId(user.name, serverName));
            server.delete();
        });
    }

    private void run(Prepared p) {
        long began = System.nanoTime();
        StartedServer started = null;
        try {
            started = spawner.start(p.request(), (percent, message) -> events.progress(p.serverId(), p.spawnId(), percent, message));
            StartedServer running = started;
            if (!QuarkusTransaction.requiringNew().call(() -> recordAddress(p, running))) {
                cancel(p, running.state());
                return;
            }
            events.progress(p.serverId(), p.spawnId(), 60, "Waiting for the server to answer at " + p.request().servicePrefix());
            Readiness.Result result = readiness.await(started, config.servers().startTimeout(), () -> stillPending(p));
            switch (result) {
                case CANCELLED -> {
                    cancel(p, started.state());
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
            QuarkusTransaction.requiringNew().run(() -> markRunning(p));
            events.record(p.serverId(), p.spawnId(), 100, "Server ready at " + p.request().servicePrefix(), true, false);
            metrics.spawn(Duration.ofNanos(System.nanoTime() - began), true);
            LOG.infof("Server %s is running at %s", p.request().displayName(), started.url());
        } catch (StartFailure e) {
            fail(p, e.getMessage(), e.state);
            metrics.spawn(Duration.ofNanos(System.nanoTime() - began), false);
        } catch (Exception e) {
            LOG.warnf("Start of %s failed: %s", p.request().displayName(), e.getMessage());
            fail(p, e.getMessage() == null ? e.toString() : e.getMessage(), started == null ? ServerState.EMPTY : started.state());
            metrics.spawn(Duration.ofNanos(System.nanoTime() - began), false);
        }
    }

    private boolean recordAddress(Prepared p, StartedServer started) {
        Server server = Server.findById(p.serverId());
        if (server == null || server.spawnId != p.spawnId() || server.status != ServerStatus.PENDING) {
            return false;
        }
        server.url = started.url().toString();
        server.spawnerState = new HashMap<>(started.state().values());
        return true;
    }

    private boolean stillPending(Prepared p) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Server server = Server.findById(p.serverId());
            return server != null && server.spawnId == p.spawnId() && server.status == ServerStatus.PENDING;
        });
    }

    private void markRunning(Prepared p) {
        Server server = Server.findById(p.serverId());
        Instant now = Instant.now();
        server.status = ServerStatus.RUNNING;
        server.started = now;
        server.lastActivity = now;
    }

    /** A stop arrived while starting: undo the start and record the server stopped. */
    private void cancel(Prepared p, ServerState state) {
        spawner.stop(state, config.servers().stopGrace());
        QuarkusTransaction.requiringNew().run(() -> markStopped(p.serverId(), null));
        events.record(p.serverId(), p.spawnId(), 100, "Start cancelled: the server was stopped", false, true);
    }

    private void fail(Prepared p, String reason, ServerState state) {
        List<String> log = state.isEmpty() ? List.of() : spawner.logTail(state, config.servers().failureLogLines());
        String failure = log.isEmpty() ? reason : reason + ". Last lines of its log:\n" + String.join("\n", log);
        if (!state.isEmpty()) {
            spawner.stop(state, config.servers().stopGrace());
        }
        QuarkusTransaction.requiringNew().run(() -> {
            markStopped(p.serverId(), failure);
            Server server = Server.findById(p.serverId());
            server.status = ServerStatus.FAILED;
        });
        events.record(p.serverId(), p.spawnId(), 100, "Spawn failed: " + failure, false, true);
        LOG.warnf("Start of %s failed: %s", p.request().displayName(), reason);
    }

    /** Stops a server; see {@link StopOutcome}. A 404 when the user has no server of that name. */
    public StopOutcome stop(String userName, String serverName) {
        StopTarget target = QuarkusTransaction.requiringNew().call(() -> beginStop(userName, serverName));
        if (target == null) {
            return StopOutcome.STOPPED;
        }
        if (target.wasPending()) {
            return StopOutcome.STOPPING;
        }
        finishStop(target.serverId(), target.prefix(), target.state(), null);
        return StopOutcome.STOPPED;
    }

    /** A server being stopped, as it was when the stop began. */
    private record StopTarget(long serverId, String prefix, ServerState state, boolean wasPending) {
    }

    /**
     * Marks the server stopping; null when there is nothing to stop. A server that was starting
     * ({@code wasPending}) is left to its start thread, which sees the change and cancels itself.
     */
    private StopTarget beginStop(String userName, String serverName) {
        User user = User.findById(UserService.require(userName).id, LockModeType.PESSIMISTIC_WRITE);
        Server server = Server.of(user, serverName).orElse(null);
        if (server == null) {
            if (serverName.isEmpty()) {
                return null;
            }
            throw ApiException.notFound(user.name + " has no server named '" + serverName + "'");
        }
        if (server.status != ServerStatus.RUNNING && server.status != ServerStatus.PENDING) {
            return null;
        }
        StopTarget target = new StopTarget(server.id, server.prefix(), new ServerState(server.spawnerState),
                server.status == ServerStatus.PENDING);
        server.status = ServerStatus.STOPPING;
        return target;
    }

    /** Removes the route, stops the process and records the server stopped (with {@code reason}, if any). */
    void finishStop(long serverId, String prefix, ServerState state, String reason) {
        long began = System.nanoTime();
        try {
            routes.remove(prefix);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the route %s: %s (the next route sync will)", prefix, e.getMessage());
        }
        spawner.stop(state, config.servers().stopGrace());
        QuarkusTransaction.requiringNew().run(() -> markStopped(serverId, reason));
        metrics.stop(Duration.ofNanos(System.nanoTime() - began));
    }

    static void markStopped(long serverId, String reason) {
        Server server = Server.findById(serverId);
        if (server == null) {
            return;
        }
        server.status = ServerStatus.STOPPED;
        server.url = null;
        server.spawnerState = new HashMap<>();
        server.failure = reason;
        ApiToken.delete("serverId", serverId);
    }

    /** Stops every active server of a user (before deleting them). */
    public void stopAll(User user) {
        List<String> names = QuarkusTransaction.requiringNew().call(() ->
                Server.<Server>list("user.id = ?1", user.id).stream().filter(s -> s.status.active()).map(s -> s.name).toList());
        names.forEach(name -> stop(user.name, name));
    }

    public boolean hasActiveServer(User user) {
        return Server.<Server>list("user", user).stream().anyMatch(s -> s.status.active());
    }

    @PreDestroy
    void shutdownExecutor() {
        executor.shutdownNow();
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
