package io.callisto.proxy.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The proxy as the hub runs it: {@code bin/callisto-proxy} in its own process, with CHP's options,
 * on free loopback ports. Its output goes to {@code target/proxy-logs/<name>.log}.
 */
public final class ProxyProcess implements AutoCloseable {

    public static final String TOKEN = "test-token-" + Long.toHexString(System.nanoTime());
    public static final Path LAUNCHER = Path.of("bin", "callisto-proxy").toAbsolutePath();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    static {
        // Every test that waits on a proxy waits this long at most: a loaded 2-core build machine
        // can take several seconds to start a JVM.
        Awaitility.setDefaultTimeout(START_TIMEOUT);
    }

    private final Process process;
    private final Path log;
    private final int port;
    private final int apiPort;

    private ProxyProcess(Process process, Path log, int port, int apiPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.apiPort = apiPort;
    }

    /** Starts the proxy on 127.0.0.1 with the token and {@code options}, and waits until it listens. */
    public static ProxyProcess start(String name, Map<String, String> environment, String... options) {
        int port = FreePorts.next();
        int apiPort = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(),
                "--ip", "127.0.0.1", "--port", Integer.toString(port),
                "--api-ip", "127.0.0.1", "--api-port", Integer.toString(apiPort)));
        command.addAll(Arrays.asList(options));
        Path log = logFile(name);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CONFIGPROXY_AUTH_TOKEN", TOKEN);
        builder.environment().putAll(environment);
        ProxyProcess proxy = new ProxyProcess(launch(builder), log, port, apiPort);
        await().atMost(START_TIMEOUT).until(() -> proxy.log().contains("Proxying ") || !proxy.process.isAlive());
        if (!proxy.process.isAlive()) {
            throw new IllegalStateException("the proxy exited at start:\n" + proxy.log());
        }
        return proxy;
    }

    /** Runs the launcher with {@code arguments} until it exits, for command-line checks. */
    public static Result run(String name, List<String> launcher, String... arguments) throws InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(Arrays.asList(arguments));
        Path log = logFile(name);
        Process process = launch(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the launcher did not exit: " + command);
        }
        return new Result(process.exitValue(), read(log));
    }

    /** How a launcher run ended. */
    public record Result(int exitCode, String output) {
    }

    public int port() {
        return port;
    }

    public int apiPort() {
        return apiPort;
    }

    /** A URL on the public listener; {@code path} starts with a slash. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /**
     * Asserts that the proxy still answers its health check, has counted at least one error for
     * {@code failureReason} in its metrics, and has logged no error or exception.
     */
    public void assertHealthyAfter(String failureReason) {
        assertThat(Http.get(url("/_chp_healthz")).statusCode()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(given().baseUri(apiUrl()).get("/metrics").asString())
                .containsPattern("callisto_proxy_errors_total\\{reason=\"" + failureReason + "\"\\} [1-9]"));
        assertThat(log()).doesNotContain("ERROR").doesNotContain("Exception");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the proxy has logged so far. */
    public String log() {
        return read(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static Process launch(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + builder.command(), e);
        }
    }

    private static Path logFile(String name) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "proxy-logs"));
            return directory.resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
