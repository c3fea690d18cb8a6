package io.callisto.hub.proxy;

import io.callisto.hub.metrics.HubMetrics;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerPaths;
import io.callisto.hub.servers.ServerStatus;
import io.callisto.hub.services.Service;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles the proxy's routes with the servers table: adds missing or wrong routes, removes routes
 * the hub owns that no running server wants, and carries the proxy's per-route {@code last_activity}
 * into the servers and users. Runs at start-up and every {@code callisto.proxy.sync-interval}.
 */
@ApplicationScoped
public class RouteSync {

    private static final Logger LOG = Logger.getLogger(RouteSync.class);

    @Inject
    ProxyClient client;

    @Inject
    ProxyRoutes routes;

    @Inject
    HubMetrics metrics;

    /** A route the hub wants: to a server (serverId set) or to a service (serverId null). */
    private record Wanted(Long serverId, String prefix, URI url, String user, String serverName, String service) {

        String target() {
            return service == null ? ProxyRoutes.target(url) : url.toString().replaceAll("/+$", "");
        }
    }

    public synchronized void sync() {
        long began = System.nanoTime();
        Map<String, Map<String, Object>> current = client.routes();
        Map<String, Wanted> wanted = new HashMap<>();
        for (Wanted w : wantedRoutes()) {
            wanted.put(ProxyRoutes.key(w.prefix()), w);
        }
        Map<Long, Instant> activity = new HashMap<>();
        wanted.forEach((key, w) -> {
            Map<String, Object> route = current.get(key);
            if (route == null || !w.target().equals(route.get("target"))) {
                LOG.infof("Adding the missing route %s → %s", w.prefix(), w.target());
                if (w.service() == null) {
                    routes.add(w.prefix(), w.url(), w.user(), w.serverName());
                } else {
                    routes.addService(w.service(), w.url());
                }
            } else if (w.serverId() != null) {
                lastActivity(route).ifPresent(t -> activity.put(w.serverId(), t));
            }
        });
        current.forEach((key, route) -> {
            if (Boolean.TRUE.equals(route.get("jupyterhub")) && !wanted.containsKey(key)) {
                LOG.infof("Removing the stale route %s", key);
                client.delete(escape(key));
            }
        });
        metrics.checkRoutes(java.time.Duration.ofNanos(System.nanoTime() - began));
        if (!activity.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> activity.forEach((id, when) -> {
                Server server = Server.findById(id);
                if (server != null) {
                    server.touch(when);
                    server.user.touch(when);
                }
            }));
        }
    }

    private static List<Wanted> wantedRoutes() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Wanted> wanted = new ArrayList<>();
            Server.<Server>list("status", ServerStatus.RUNNING).stream().filter(s -> s.url != null)
                    .forEach(s -> wanted.add(new Wanted(s.id, s.prefix(), URI.create(s.url), s.user.name, s.name, null)));
            Service.<Service>list("url is not null").forEach(s ->
                    wanted.add(new Wanted(null, ProxyRoutes.servicePrefix(s.name), URI.create(s.url), null, null, s.name)));
            return wanted;
        });
    }

    private static Optional<Instant> lastActivity(Map<String, Object> route) {
        Object value = route.get("last_activity");
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
