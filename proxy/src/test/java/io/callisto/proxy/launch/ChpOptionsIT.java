package io.callisto.proxy.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.proxy.support.Backend;
import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RoutesClient;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CHP options JupyterHub adds in some set-ups: {@code --ssl-key}/{@code --ssl-cert} (HTTPS on
 * the public port) and {@code --host-routing} (subdomains), on one proxy.
 */
class ChpOptionsIT {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private static Vertx vertx;
    private static Backend target;
    private static ProxyProcess proxy;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory(Path.of("target"), "tls");
        KeyStore keyStore = selfSignedFor127001(directory.resolve("proxy.p12"));
        Path key = writePem(directory.resolve("key.pem"), "PRIVATE KEY", keyStore.getKey("proxy", PASSWORD).getEncoded());
        Path cert = writePem(directory.resolve("cert.pem"), "CERTIFICATE", keyStore.getCertificate("proxy").getEncoded());

        vertx = Vertx.vertx();
        target = Backend.start(vertx, request -> request.response().end(
                request.uri() + " " + request.getHeader("X-Forwarded-Proto")));
        proxy = ProxyProcess.start("chp-options", Map.of(), "--host-routing",
                "--ssl-key", key.toString(), "--ssl-cert", cert.toString());

        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        proxy.close();
        Backend.await(vertx.close());
    }

    @Test
    void hostRoutingMatchesTheHostAsTheFirstSegmentOverHttps() throws Exception {
        new RoutesClient(proxy).add("/127.0.0.1", target.url());

        HttpResponse<String> response = https.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + proxy.port() + "/user/alice/tree?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("/user/alice/tree?x=1 https");
    }

    @Test
    void hostRoutedRoutesRecordTheirHost() {
        new RoutesClient(proxy).add("/notebooks.example.edu/user/bob", target.url());

        assertThat(new RoutesClient(proxy).all().getString("'/notebooks.example.edu/user/bob'.host"))
                .isEqualTo("notebooks.example.edu");
    }

    /** A PKCS#12 key store with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private static KeyStore selfSignedFor127001(Path file) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "proxy", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    private static Path writePem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
