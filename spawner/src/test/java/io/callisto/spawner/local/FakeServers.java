package io.callisto.spawner.local;

import static org.awaitility.Awaitility.await;

import io.callisto.spawner.api.ProgressListener;
import io.callisto.spawner.api.SpawnException;
import io.callisto.spawner.api.SpawnRequest;
import io.callisto.spawner.api.StartedServer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the fake single-user server ({@code fake-singleuser.py}) through local spawners in one
 * test's directory, and stops every server it started when the test ends, passed or failed.
 */
final class FakeServers implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";
    static final String TOKEN = "secret-token-of-the-server";

    private final Path directory;
    private final List<StartedServer> started = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    FakeServers(Path directory) {
        this.directory = directory;
    }

    Path workRoot() {
        return directory.resolve("work");
    }

    Path logDirectory() {
        return directory.resolve("logs");
    }

    /** Settings that run the fake with {@code options}; see the script for them. */
    LocalSpawnerSettings settings(String... options) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
        command.addAll(List.of(options));
        return new LocalSpawnerSettings(command, Map.of("CALLISTO_EXTRA", "from-settings"), workRoot(),
                logDirectory(), LocalSpawnerSettings.DEFAULT_BIND_HOST);
    }

    LocalSpawner spawner(String... options) {
        return new LocalSpawner(settings(options));
    }

    static SpawnRequest request(String user, String server) {
        String prefix = server.isEmpty() ? "/user/" + user + "/" : "/user/" + user + "/" + server + "/";
        return new SpawnRequest(user, server, prefix,
                Map.of("JUPYTERHUB_API_TOKEN", TOKEN, "JUPYTERHUB_SERVICE_PREFIX", prefix), Map.of());
    }

    StartedServer start(LocalSpawner spawner, String user, String server, ProgressListener progress)
            throws SpawnException {
        StartedServer result = spawner.start(request(user, server), progress);
        started.add(result);
        return result;
    }

    StartedServer start(LocalSpawner spawner, String user) throws SpawnException {
        return start(spawner, user, "", (percent, message) -> { });
    }

    /** Waits until the server answers at {@code url} and returns the body. */
    String awaitAnswer(URI url) {
        return await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> get(url), body -> true);
    }

    String get(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** True while a process with that pid exists and has not exited (zombies have). */
    static boolean isLive(long pid) {
        return ProcessStat.read(pid).map(ProcessStat::isLive).orElse(false);
    }

    @Override
    public void close() {
        LocalSpawner cleaner = new LocalSpawner(settings());
        started.forEach(server -> cleaner.stop(server.state(), Duration.ZERO));
    }

    private static Path script() {
        try {
            return Path.of(FakeServers.class.getResource("/fake-singleuser.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
