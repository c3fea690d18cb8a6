package io.callisto.spawner.kubernetes;

import static org.awaitility.Awaitility.await;

import io.callisto.spawner.api.SpawnRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Settings and requests for the Kubernetes spawner's tests, whose pods run the fake single-user server. */
final class TestPods {

    static final String TOKEN = "secret-token-of-the-server";
    static final String PYTHON = "/usr/bin/python3";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TestPods() {
    }

    static Path fakeSingleUser() {
        return Path.of("src/test/resources/fake-singleuser.py").toAbsolutePath();
    }

    /** Settings whose pods run the fake with {@code options}, watched closely (checks every 300 ms). */
    static KubernetesSpawnerSettings.Builder settings(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of(PYTHON, fakeSingleUser().toString()));
        args.addAll(List.of(options));
        return KubernetesSpawnerSettings.builder(MockCluster.NAMESPACE)
                .image("quay.io/jupyter/base-notebook:2025-01-06", "IfNotPresent", List.of())
                .args(args)
                .timing(new KubernetesSpawnerSettings.Timing(Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10),
                        Duration.ofMillis(300)));
    }

    static SpawnRequest request(String user, String server, Map<String, String> options) {
        String prefix = server.isEmpty() ? "/user/" + segment(user) + "/" : "/user/" + segment(user) + "/" + segment(server) + "/";
        return new SpawnRequest(user, server, prefix, Map.of(
                "JUPYTERHUB_API_TOKEN", TOKEN,
                "JPY_API_TOKEN", TOKEN,
                "JUPYTERHUB_SERVICE_PREFIX", prefix,
                "JUPYTERHUB_USER", user), options);
    }

    static SpawnRequest request(String user) {
        return request(user, "", Map.of());
    }

    /** A name as one URL path segment, as the hub escapes it. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Waits until the server answers at {@code url} and returns the body. */
    static String awaitAnswer(URI url) {
        return await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> get(url), body -> true);
    }

    static String get(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
