package io.callisto.proxy.launch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.callisto.proxy.support.FreePorts;
import io.callisto.proxy.support.ProxyProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bin/callisto-proxy} as a drop-in for configurable-http-proxy's command line. */
class LauncherIT {

    private static final List<String> LAUNCHER = List.of(ProxyProcess.LAUNCHER.toString());

    @Test
    void helpListsTheOptionsAndExitsZero() throws Exception {
        ProxyProcess.Result result = ProxyProcess.run("launcher-help", LAUNCHER, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("Usage: callisto-proxy", "--default-target", "--error-target",
                "--api-port", "CONFIGPROXY_AUTH_TOKEN");
    }

    @Test
    void anUnknownOptionIsNamedAndExitsTwo() throws Exception {
        ProxyProcess.Result result = ProxyProcess.run("launcher-unknown", LAUNCHER, "--port", "8000", "--storage-backend", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("unknown option --storage-backend").doesNotContain("\tat ");
    }

    @Test
    void theLauncherWorksThroughASymlink() throws Exception {
        Path link = Files.createTempDirectory(Path.of("target"), "bin").resolve("configurable-http-proxy");
        Files.createSymbolicLink(link, ProxyProcess.LAUNCHER);

        ProxyProcess.Result result = ProxyProcess.run("launcher-symlink", List.of(link.toString()), "--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output().trim()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void aBusyPortIsReportedInOneLineAndExitsOne() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProxyProcess.Result result = ProxyProcess.run("launcher-busy", LAUNCHER,
                    "--ip", "127.0.0.1", "--port", Integer.toString(busy.getLocalPort()),
                    "--api-port", Integer.toString(FreePorts.next()));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output()).contains("Cannot open the public listener on http://127.0.0.1:" + busy.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void optionsWithEqualsSignsWorkAndTheApiPortDefaultsToTheNextPort() throws Exception {
        int port = FreePorts.pair();
        ProcessBuilder builder = new ProcessBuilder(ProxyProcess.LAUNCHER.toString(), "--ip=127.0.0.1", "--port=" + port,
                "--api-ip=127.0.0.1", "--log-level=warn")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "proxy-logs", "launcher-equals.log").toFile());
        builder.environment().put("CONFIGPROXY_AUTH_TOKEN", ProxyProcess.TOKEN);
        Files.createDirectories(Path.of("target", "proxy-logs"));
        Process process = builder.start();
        try {
            await().ignoreExceptions().untilAsserted(() ->
                    given().baseUri("http://127.0.0.1:" + (port + 1)).get("/health").then().statusCode(200));

            given().baseUri("http://127.0.0.1:" + (port + 1)).header("Authorization", "token " + ProxyProcess.TOKEN)
                    .get("/api/routes").then().statusCode(200).body(equalTo("{}"));
            given().baseUri("http://127.0.0.1:" + port).get("/_chp_healthz").then().statusCode(200);
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void startUpPrintsOneListeningLine() throws Exception {
        try (ProxyProcess proxy = ProxyProcess.start("launcher-line", Map.of(), "--default-target", "http://127.0.0.1:9")) {
            assertThat(proxy.log()).containsOnlyOnce("Proxying http://127.0.0.1:" + proxy.port()
                    + " -> routes; API on http://127.0.0.1:" + proxy.apiPort() + "; default target http://127.0.0.1:9");
        }
    }
}
