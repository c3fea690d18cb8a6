package io.callisto.hub.proxy;

import io.callisto.hub.testing.HubTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One proxy replica for hub tests: {@code proxy/bin/callisto-proxy} as a real process on fixed free
 * loopback ports, which can be killed and started again on the same ports (a pod restarting behind
 * its Service). Its output is appended to {@code target/proxy-replicas/<name>.log}.
 */
final class ProxyReplica implements AutoCloseable {

    static final String TOKEN = "replica-token-0123456789abcdef";
    private static final Path LAUNCHER = Path.of("..", "proxy", "bin", "callisto-proxy").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final int publicPort;
    private final int apiPort;
    private final Path log;
    private Process process;

    ProxyReplica(String name) {
        try {
            this.name = name;
            this.publicPort = HubTestResource.freePort();
            this.apiPort = HubTestResource.freePort();
            this.log = Files.createDirectories(Path.of("target", "proxy-replicas")).resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String publicUrl() {
        return "http://127.0.0.1:" + publicPort;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** Starts the process and returns once its routes API answers. */
    void start() {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "--ip", "127.0.0.1",
                "--port", Integer.toString(publicPort), "--api-ip", "127.0.0.1", "--api-port", Integer.toString(apiPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CONFIGPROXY_AUTH_TOKEN", TOKEN);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + LAUNCHER + " (build the proxy module first)", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!healthy()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the proxy replica " + name + " did not start; see " + log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Kills the process at once, as a crashed pod: its route table is lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private boolean healthy() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(apiUrl() + "/health").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(500);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
