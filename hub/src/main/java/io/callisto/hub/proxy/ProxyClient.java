package io.callisto.hub.proxy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A client of configurable-http-proxy's routes API ({@code /api/routes}) on every proxy replica.
 * Changes ({@link #add}, {@link #delete}) go to all replicas at once; one that cannot take a change
 * is left to {@link RouteSync}, which reconciles each replica on its period, so a change fails only
 * when no replica took it. The per-replica methods are for that reconciliation.
 */
@ApplicationScoped
public class ProxyClient {

    private static final Logger LOG = Logger.getLogger(ProxyClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile ProxyReplicas replicas;
    private volatile String token;

    /** Points the client at the proxy replicas; called once the proxy is known to be up. */
    void connect(ProxyReplicas replicas, String token) {
        this.replicas = replicas;
        this.token = token;
    }

    /** The replicas' routes API URLs now (resolved again on every call when so configured). */
    public List<URI> replicas() {
        if (replicas == null) {
            throw new IllegalStateException("the proxy is not connected yet");
        }
        return replicas.current();
    }

    /** Every route of the first replica that answers, keyed by path. */
    public Map<String, Map<String, Object>> routes() {
        RuntimeException last = new IllegalStateException("no proxy replica is known");
        for (URI replica : replicas()) {
            try {
                return routes(replica);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Every route of {@code replica}, keyed by path, each with {@code target}, {@code last_activity} and its data. */
    public Map<String, Map<String, Object>> routes(URI replica) {
        HttpResponse<String> response = join(send(request(replica, "").GET().build()));
        expect(response, 200);
        try {
            return json.readValue(response.body(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy's route list at " + replica + " is not JSON", e);
        }
    }

    /** The route at {@code path} on {@code replica}, with its {@code last_activity}. */
    public Map<String, Object> route(URI replica, String path) {
        HttpResponse<String> response = join(send(request(replica, path).GET().build()));
        expect(response, 200);
        try {
            return json.readValue(response.body(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy's route at " + replica + " is not JSON", e);
        }
    }

    /** Adds (or replaces) the route at {@code path} on every replica. */
    public void add(String path, Map<String, Object> body) {
        String text = body(body);
        everyReplica("add " + path, replica -> addAsync(replica, path, text));
    }

    /** Adds (or replaces) the route at {@code path} on {@code replica}. */
    public void add(URI replica, String path, Map<String, Object> body) {
        join(addAsync(replica, path, body(body)));
    }

    /** Removes the route at {@code path} from every replica. */
    public void delete(String path) {
        everyReplica("remove " + path, replica -> deleteAsync(replica, path));
    }

    /** Removes the route at {@code path} from {@code replica}. */
    public void delete(URI replica, String path) {
        join(deleteAsync(replica, path));
    }

    /** The status of {@code GET /api/routes} with this client's token: 200 up and ours, 403 someone else's. */
    int probe(URI apiUrl, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl.toString().replaceAll("/+$", "") + "/api/routes"))
                .timeout(Duration.ofSeconds(2)).header("Authorization", "token " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private CompletableFuture<Void> addAsync(URI replica, String path, String body) {
        HttpRequest request = request(replica, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request).thenAccept(response -> expect(response, 201));
    }

    private CompletableFuture<Void> deleteAsync(URI replica, String path) {
        return send(request(replica, path).DELETE().build()).thenAccept(response -> {
            if (response.statusCode() != 404) {
                expect(response, 204);
            }
        });
    }

    /** Runs {@code change} on all replicas in parallel; throws only when none of them took it. */
    private void everyReplica(String what, Function<URI, CompletableFuture<Void>> change) {
        List<URI> all = replicas();
        if (all.isEmpty()) {
            throw new IllegalStateException("no proxy replica is known, so the hub cannot " + what);
        }
        List<CompletableFuture<Void>> calls = new ArrayList<>(all.size());
        for (URI replica : all) {
            calls.add(change.apply(replica));
        }
        RuntimeException failure = null;
        int failed = 0;
        for (int i = 0; i < calls.size(); i++) {
            try {
                join(calls.get(i));
            } catch (RuntimeException e) {
                failed++;
                failure = e;
                LOG.warnf("Proxy replica %s could not %s: %s (the next route sync will retry)", all.get(i), what, e.getMessage());
            }
        }
        if (failed == calls.size()) {
            throw failure;
        }
    }

    private String body(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(URI replica, String path) {
        return HttpRequest.newBuilder(URI.create(replica + "/api/routes" + path))
                .timeout(TIMEOUT).header("Authorization", "token " + token);
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new UncheckedIOException("the proxy at " + request.uri().getAuthority() + " is unreachable: " + cause,
                    cause instanceof IOException io ? io : new IOException(cause));
        });
    }

    private static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("the proxy at " + response.request().uri().getAuthority() + " answered "
                    + response.statusCode() + " to " + response.request().method() + " "
                    + response.request().uri().getPath() + ": " + response.body());
        }
    }
}
