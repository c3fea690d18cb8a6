package io.callisto.hub.proxy;

import io.callisto.hub.metrics.HubMetrics;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerPaths;
import io.callisto.hub.servers.ServerStatus;
import io.callisto.hub.services.Service;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles every proxy replica's routes with the servers table: on each replica, adds missing or
 * wrong routes and removes routes the hub owns that no running server wants; then carries the
 * latest per-route {@code last_activity} any replica reports into the servers and users. Runs at
 * start-up and every {@code callisto.proxy.sync-interval}, so a replica that restarted empty, or
 * missed a change while unreachable, converges within one period, without the hub restarting.
 *
 * <p>A route this sync puts back on a replica starts there with {@code last_activity} = now, which is
 * not a user's activity; its value right after the repair is remembered, and that replica's
 * activity for the route counts again only once it moves past it.
 */
@ApplicationScoped
public class RouteSync {

    private static final Logger LOG = Logger.getLogger(RouteSync.class);

    @Inject
    ProxyClient client;

    @Inject
    HubMetrics metrics;

    /** Per replica, per route key: the {@code last_activity} the replica reported right after a repair. */
    private final Map<URI, Map<String, String>> repairedAt = new HashMap<>();
    /**
     * Per server: the latest {@code last_activity} this hub has carried into the database. A stamp no
     * later is not written again (the UPDATEs only ever move it forward), so a sync of a thousand idle
     * servers writes nothing.
     */
    private final Map<Long, Instant> carried = new HashMap<>();
    /** Replicas whose last sync failed, so that a replica that is down is warned about once. */
    private final Set<URI> unreachable = new HashSet<>();

    /** A route the hub wants: to a server (serverId set) or to a service (serverId null). */
    private record Wanted(Long serverId, String prefix, URI url, String user, String serverName, String service) {

        String target() {
            return service == null ? ProxyRoutes.target(url) : url.toString().replaceAll("/+$", "");
        }

        Map<String, Object> body() {
            return service == null ? ProxyRoutes.serverRoute(url, user, serverName) : ProxyRoutes.serviceRoute(service, url);
        }
    }

    /**
     * A running or starting server as far as routing needs it: read as these columns alone, not as
     * entities (a storm has a thousand, each with JSON columns to copy and compare at commit).
     */
    public record Routed(long id, ServerStatus status, String url, String user, String name) {
    }

    /** What the database wants at one moment: routes by key, and the keys of servers still starting. */
    private record Desired(Map<String, Wanted> wanted, Set<String> starting) {
    }

    /**
     * Reconciles every replica known now. A replica that cannot be reached is skipped with a warning
     * (the next sync retries it).
     *
     * @throws IllegalStateException when there are replicas and none could be reconciled
     */
    public synchronized void sync() {
        long began = System.nanoTime();
        List<URI> replicas = client.replicas();
        repairedAt.keySet().retainAll(replicas);
        unreachable.retainAll(replicas);
        Map<Long, Instant> activity = new HashMap<>();
        Set<Long> routed = new HashSet<>();
        RuntimeException failure = null;
        int synced = 0;
        for (URI replica : replicas) {
            try {
                sync(replica, activity, routed);
                synced++;
                if (unreachable.remove(replica)) {
                    LOG.infof("The proxy replica %s answers again and is in sync", replica);
                }
            } catch (RuntimeException e) {
                failure = e;
                if (unreachable.add(replica)) {
                    LOG.warnf("Route sync of the proxy replica %s failed: %s (retried every sync; logged again at DEBUG)",
                            replica, e.getMessage());
                } else {
                    LOG.debugf("Route sync of the proxy replica %s failed again: %s", replica, e.getMessage());
                }
            }
        }
        metrics.checkRoutes(Duration.ofNanos(System.nanoTime() - began));
        if (synced > 0) {
            carried.keySet().retainAll(routed);
        }
        activity.entrySet().removeIf(moved -> !moved.getValue().isAfter(carried.getOrDefault(moved.getKey(), Instant.MIN)));
        if (!activity.isEmpty()) {
            // The user's row before the server's, in the order starts and stops lock them (no deadlock).
            QuarkusTransaction.requiringNew().run(() -> activity.forEach((id, when) -> {
                User.update("lastActivity = ?1 where id = (select s.user.id from Server s where s.id = ?2)"
                        + " and (lastActivity is null or lastActivity < ?1)", when, id);
                Server.update("lastActivity = ?1 where id = ?2 and (lastActivity is null or lastActivity < ?1)", when, id);
            }));
            carried.putAll(activity);
        }
        if (synced == 0 && failure != null) {
            throw failure;
        }
    }

    /**
     * Reconciles one replica. Its routes are read before the database: a route a spawn adds in
     * between belongs to a server that the database then shows starting or running, so it is never
     * taken for stale; at worst a route is put again that the spawn had just added.
     */
    private void sync(URI replica, Map<Long, Instant> activity, Set<Long> routed) {
        Map<String, Map<String, Object>> current = client.routes(replica);
        Desired desired = desired();
        Map<String, Wanted> wanted = desired.wanted();
        Map<String, String> repaired = repairedAt.computeIfAbsent(replica, r -> new HashMap<>());
        repaired.keySet().retainAll(wanted.keySet());
        wanted.values().stream().map(Wanted::serverId).filter(Objects::nonNull).forEach(routed::add);
        wanted.forEach((key, w) -> {
            Map<String, Object> route = current.get(key);
            if (route == null || !w.target().equals(route.get("target"))) {
                LOG.infof("Adding the missing route %s → %s on %s", w.prefix(), w.target(), replica);
                String path = ProxyRoutes.apiPath(w.prefix());
                client.add(replica, path, w.body());
                Object stamp = client.route(replica, path).get("last_activity");
                if (stamp != null) {
                    repaired.put(key, stamp.toString());
                }
            } else if (w.serverId() != null) {
                Object stamp = route.get("last_activity");
                if (stamp != null && stamp.toString().equals(repaired.get(key))) {
                    return;
                }
                repaired.remove(key);
                lastActivity(stamp).ifPresent(t -> activity.merge(w.serverId(), t, (a, b) -> a.isAfter(b) ? a : b));
            }
        });
        current.forEach((key, route) -> {
            if (Boolean.TRUE.equals(route.get("jupyterhub")) && !wanted.containsKey(key) && !desired.starting().contains(key)) {
                LOG.infof("Removing the stale route %s from %s", key, replica);
                client.delete(replica, escape(key));
            }
        });
    }

    private static Desired desired() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Wanted> wanted = new HashMap<>();
            Set<String> starting = new HashSet<>();
            Server.getEntityManager().createQuery("select new " + Routed.class.getName() + "(s.id, s.status, s.url, u.name, s.name)"
                    + " from Server s join s.user u where s.status in ?1", Routed.class)
                    .setParameter(1, List.of(ServerStatus.RUNNING, ServerStatus.PENDING)).getResultList().forEach(s -> {
                        String prefix = ServerPaths.prefix(s.user(), s.name());
                        if (s.status() == ServerStatus.PENDING) {
                            starting.add(ProxyRoutes.key(prefix));
                        } else if (s.url() != null) {
                            wanted.put(ProxyRoutes.key(prefix), new Wanted(s.id(), prefix, URI.create(s.url()), s.user(), s.name(), null));
                        }
                    });
            Service.<Service>list("url is not null").forEach(s -> {
                String prefix = ProxyRoutes.servicePrefix(s.name);
                wanted.put(ProxyRoutes.key(prefix), new Wanted(null, prefix, URI.create(s.url), null, null, s.name));
            });
            return new Desired(wanted, starting);
        });
    }

    private static Optional<Instant> lastActivity(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.toString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A decoded route key escaped again, segment by segment, for the routes API's URL. */
    private static String escape(String key) {
        return Arrays.stream(key.split("/", -1)).map(ServerPaths::segment).collect(Collectors.joining("/"));
    }
}
