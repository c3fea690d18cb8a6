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
import io.callisto.hub.users.UserNames;
import io.callisto.hub.users.UserService;
import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.SpawnRequest;
import io.callisto.spawner.api.Spawner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts and stops users' servers. A start is recorded (server row pending, a fresh server token and
 * OAuth client, a first progress event) and answered; {@link StartRunner} then runs it. Every step is in PostgreSQL, so any replica can report on it.
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
    SpawnTransactions transactions;

    @Inject
    StartRunner runner;

    @Inject
    HubMetrics metrics;

    @Inject
    ProfileCatalog profiles;

    /** The user's row, read and locked in one statement, so that their starts and stops take turns. */
    private static User lockedUser(String userName) {
        return User.<User>find("name", UserNames.normalise(userName)).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional().orElseThrow(() -> ApiException.notFound("No such user: " + userName));
    }

    /** Records a start (null when one is under way): the server row, a fresh token and OAuth client, the first event. */
    private PreparedStart prepare(String userName, String serverName, Map<String, String> userOptions) {
        User user = lockedUser(userName);
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
        boolean created = server.id == null;
        server.persistAndFlush();
        if (!created) {
            ApiToken.delete("serverId", server.id);
        }
        TokenService.Issued token = tokens.issue(user, ApiToken.Kind.server,
                Scopes.serverRole(user.name, serverName), "Server token for " + server.prefix(), null);
        token.token().serverId = server.id;
        oauthClients.register(SpawnEnvironment.clientId(user.name, serverName), "Server at " + server.prefix(),
                server.prefix() + "oauth_callback", token.secret(), Scopes.accessScopes(user.name, serverName));
        SpawnEvent.of(server.id, server.spawnId, 0, "Server requested", false, false).persist();
        Map<String, String> env = SpawnEnvironment.of(config, user.name, serverName, token.secret());
        return new PreparedStart(server.id, server.spawnId,
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
     * by then, PENDING (202) when it is still starting, was stopped meanwhile, or a start was already under way. A start
     * that fails within the wait is a 500 with the reason, as in JupyterHub. The start is recorded by
     * {@link SpawnTransactions} (the caller's thread is not held meanwhile), then run by {@link StartRunner}.
     */
    public CompletableFuture<Progress> start(String userName, String serverName, Map<String, String> userOptions, Duration wait) {
        profiles.validate(userOptions);
        Duration waitFor = wait == null ? config.servers().slowSpawnTimeout() : wait;
        return transactions.submitStart(() -> prepare(userName, serverName, userOptions)).thenCompose(prepared -> {
            if (prepared == null) {
                return CompletableFuture.completedFuture(Progress.PENDING);
            }
            CompletableFuture<Progress> finished = new CompletableFuture<>();
            runner.run(prepared, finished);
            return waitFor.isZero() ? CompletableFuture.completedFuture(Progress.PENDING)
                    : finished.completeOnTimeout(Progress.PENDING, waitFor.toMillis(), TimeUnit.MILLISECONDS);
        });
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
        User user = lockedUser(userName);
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
        routes.removeOrLeaveToSync(prefix);
        spawner.stop(state, config.servers().stopGrace());
        QuarkusTransaction.requiringNew().run(() -> markStopped(serverId, reason));
        metrics.stop(Duration.ofNanos(System.nanoTime() - began));
    }

    /** Records the server stopped (with {@code reason}, if any) and ends its tokens; false when its row is gone. */
    static boolean markStopped(long serverId, String reason) {
        Server server = Server.findById(serverId);
        if (server == null) {
            return false;
        }
        server.status = ServerStatus.STOPPED;
        server.url = null;
        server.spawnerState = new HashMap<>();
        server.failure = reason;
        ApiToken.delete("serverId", serverId);
        return true;
    }

    /** Records a start that failed: stopped, with the reason, in status failed; false when its row is gone. */
    static boolean markFailed(long serverId, String reason) {
        if (!markStopped(serverId, reason)) {
            return false;
        }
        Server.<Server>findById(serverId).status = ServerStatus.FAILED;
        return true;
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
}
