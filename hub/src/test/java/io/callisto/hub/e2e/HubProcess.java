package io.callisto.hub.e2e;

import static org.awaitility.Awaitility.await;

import io.callisto.hub.testing.HubTestResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub ({@code hub/target/quarkus-app}) run as a real process from the repository root,
 * exactly as {@code ./callisto up} runs it: embedded PostgreSQL in its state directory, the real proxy
 * as its child. It can be killed and started again on the same state, as a crash and a restart.
 */
final class HubProcess implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    final Path state;
    final int hubPort;
    final int publicPort;
    final int apiPort;
    final String adminPassword = "e2e-admin-password";
    final String adminToken = "e2e-admin-token-0123456789";
    private final Map<String, String> properties;
    private Process process;

    HubProcess() throws IOException {
        this(Map.of());
    }

    /** A hub with these configuration keys set (as system properties, e.g. {@code callisto.oidc.issuer}). */
    HubProcess(Map<String, String> properties) throws IOException {
        this.properties = Map.copyOf(properties);
        state = Files.createTempDirectory(Files.createDirectories(ROOT.resolve("hub/target/e2e")), "state-");
        hubPort = HubTestResource.freePort();
        publicPort = HubTestResource.freePort();
        apiPort = HubTestResource.freePort();
    }

    String publicUrl() {
        return "http://127.0.0.1:" + publicPort;
    }

    void start() throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(java.util.List.of("-jar", ROOT.resolve("hub/target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("hub.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("CALLISTO_STATE_DIR", state.toString());
        env.put("CALLISTO_ADMIN_PASSWORD", adminPassword);
        env.put("CALLISTO_ADMIN_TOKEN", adminToken);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(hubPort));
        env.put("CALLISTO_HUB_CONNECT_URL", "http://127.0.0.1:" + hubPort);
        env.put("CALLISTO_PROXY_PUBLIC_IP", "127.0.0.1");
        env.put("CALLISTO_PROXY_PUBLIC_PORT", Integer.toString(publicPort));
        env.put("CALLISTO_PROXY_API_PORT", Integer.toString(apiPort));
        env.put("CALLISTO_SERVERS_POLL_INTERVAL", "PT2S");
        env.remove("CONFIGPROXY_AUTH_TOKEN");
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited: " + Files.readString(state.resolve("hub.log")));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(publicUrl() + "/hub/api/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Kills the hub at once (SIGKILL), as a crash would: no shutdown runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.readString(state.resolve("hub.log"));
    }

    /** Stops the hub as Ctrl-C would; it stops the servers and the proxy it started. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
