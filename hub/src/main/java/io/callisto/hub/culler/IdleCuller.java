package io.callisto.hub.culler;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.servers.ServerPaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Stops idle servers (and, when configured, deletes idle users) the way {@code jupyterhub-idle-culler}
 * does: it pages through {@code GET /hub/api/users?state=ready}, stops each server whose last activity
 * (or start, if it never had any) is older than the timeout or whose age passes {@code max-age}, and
 * pages through {@code ?state=inactive} for users to delete. Everything goes through the REST API with
 * the culler's own service token, so its scopes bound what it can do.
 */
@ApplicationScoped
public class IdleCuller {

    private static final Logger LOG = Logger.getLogger(IdleCuller.class);
    private static final String PAGINATION = "application/jupyterhub-pagination+json";

    @Inject
    HubConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one pass did. */
    public record Pass(int serversStopped, int usersDeleted) {
    }

    /** One pass with {@code token}, judged at {@code now}. */
    public Pass cull(String token, Instant now) throws IOException, InterruptedException {
        HubConfig.Culler culler = config.culler();
        List<Runnable> stops = new ArrayList<>();
        for (Map<String, Object> user : allUsers(token, "ready")) {
            String name = (String) user.get("name");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> servers = (Map<String, Map<String, Object>>) user.getOrDefault("servers", Map.of());
            servers.forEach((serverName, server) -> {
                if (Boolean.TRUE.equals(server.get("ready")) && idle(server, now, culler)) {
                    stops.add(() -> stop(token, name, serverName));
                }
            });
        }
        int stopped = runAll(stops, culler.concurrency());
        int deleted = 0;
        if (culler.cullUsers()) {
            List<Runnable> deletions = new ArrayList<>();
            for (Map<String, Object> user : allUsers(token, "inactive")) {
                Instant last = timestamp(user.get("last_activity"), timestamp(user.get("created"), now));
                if (!Boolean.TRUE.equals(user.get("admin")) && last.plus(culler.timeout()).isBefore(now)) {
                    deletions.add(() -> call(token, "DELETE", "/users/" + ServerPaths.segment((String) user.get("name")), null));
                }
            }
            deleted = runAll(deletions, culler.concurrency());
        }
        if (stopped > 0 || deleted > 0) {
            LOG.infof("Idle culler: stopped %d server(s), deleted %d user(s)", stopped, deleted);
        }
        return new Pass(stopped, deleted);
    }

    private static boolean idle(Map<String, Object> server, Instant now, HubConfig.Culler culler) {
        Instant started = timestamp(server.get("started"), now);
        Instant last = timestamp(server.get("last_activity"), started);
        boolean inactive = last.plus(culler.timeout()).isBefore(now);
        boolean tooOld = !culler.maxAge().isZero() && started.plus(culler.maxAge()).isBefore(now);
        return inactive || tooOld;
    }

    private void stop(String token, String user, String serverName) {
        String path = "/users/" + ServerPaths.segment(user) + (serverName.isEmpty() ? "/server" : "/servers/" + ServerPaths.segment(serverName));
        String body = !serverName.isEmpty() && config.culler().removeNamedServers() ? "{\"remove\": true}" : null;
        call(token, "DELETE", path, body);
    }

    /** Every user in {@code state}, following the pagination links. */
    private List<Map<String, Object>> allUsers(String token, String state) throws IOException, InterruptedException {
        List<Map<String, Object>> users = new ArrayList<>();
        String next = api("/users?state=" + state + "&limit=" + config.api().pageMax());
        while (next != null) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(next))
                    .header("Authorization", "token " + token).header("Accept", PAGINATION).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("listing users answered " + response.statusCode() + ": " + response.body());
            }
            Map<String, Object> page = json.readValue(response.body(), new TypeReference<>() {
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            users.addAll(items);
            @SuppressWarnings("unchecked")
            Map<String, Object> link = (Map<String, Object>) ((Map<String, Object>) page.get("_pagination")).get("next");
            next = link == null ? null : absolute((String) link.get("url"));
        }
        return users;
    }

    private void call(String token, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api(path))).header("Authorization", "token " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                LOG.warnf("Idle culler: %s %s answered %d: %s", method, path, response.statusCode(), response.body());
            }
        } catch (IOException e) {
            LOG.warnf("Idle culler: %s %s failed: %s", method, path, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int runAll(List<Runnable> tasks, int concurrency) throws InterruptedException {
        if (tasks.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, tasks.size())));
        try {
            List<Future<?>> futures = new ArrayList<>();
            tasks.forEach(t -> futures.add(pool.submit(t)));
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.warnf("Idle culler task failed: %s", e.getCause().getMessage());
                }
            }
        } finally {
            pool.shutdown();
        }
        return tasks.size();
    }

    private String api(String path) {
        return config.hubConnectUrl().toString().replaceAll("/+$", "") + "/hub/api" + path;
    }

    /** The hub writes absolute {@code next} URLs from the request it got; keep the culler on the connect URL. */
    private String absolute(String url) {
        URI given = URI.create(url);
        String query = given.getRawQuery() == null ? "" : "?" + given.getRawQuery();
        return config.hubConnectUrl().toString().replaceAll("/+$", "") + given.getRawPath() + query;
    }

    private static Instant timestamp(Object value, Instant fallback) {
        return value == null ? fallback : Instant.parse(value.toString());
    }
}
