package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.callisto.proxy.support.Backend;
import io.callisto.proxy.support.Http;
import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RawHttp;
import io.callisto.proxy.support.RoutesClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that are too slow with their request head (slowloris) and clients that leave before
 * their exchange is over: the proxy cuts off the first with 408 after {@code timeouts.header} (1 s
 * here), serves kept-alive clients that merely pause between requests, and stays quiet and healthy
 * through both.
 */
class SlowAndLeavingClientsIT {

    private static final String HEAD = "GET /user/alice/slow HTTP/1.1\r\nHost: proxy\r\nUser-Agent: a-byte-at-a-time\r\n"
            + "Accept: */*\r\n\r\n";
    private static Vertx vertx;
    private static Backend backend;
    private static ProxyProcess proxy;
    private static volatile CompletableFuture<Void> thinking = new CompletableFuture<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        backend = Backend.start(vertx, request -> {
            if (request.path().endsWith("/think")) {
                thinking.complete(null);
                vertx.setTimer(2000, id -> request.response().end("thought"));
            } else {
                request.response().end("path " + request.path());
            }
        });
        proxy = ProxyProcess.start("slow-clients", Map.of(), "--header-timeout", "1000");
        new RoutesClient(proxy).add("/user/alice", backend.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        proxy.close();
        Backend.await(vertx.close());
    }

    @Test
    void aClientSendingItsHeadAByteAtATimeGets408AndIsCutOff() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            // 100 bytes at 50 ms: 5 s to send the head whole, where the limit is 1 s
            dripUntilAnswered(raw, HEAD, 50);

            assertThat(raw.readHead()).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
            assertClosedByTheProxy(raw);
        }
        proxy.assertHealthyAfter("header_timeout");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            assertThat(raw.readHead()).startsWith("HTTP/1.1 408");
            assertClosedByTheProxy(raw);
        }
    }

    @Test
    void aKeptAliveClientMayPauseBetweenRequestsLongerThanTheHeaderTimeout() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("GET /user/alice/first HTTP/1.1\r\nHost: proxy\r\n");
            assertThat(raw.readOkBody()).isEqualTo("path /user/alice/first");

            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                    .until(() -> raw.input().available() == 0);

            raw.sendHead("GET /user/alice/second HTTP/1.1\r\nHost: proxy\r\n");
            assertThat(raw.readOkBody()).isEqualTo("path /user/alice/second");
        }
    }

    @Test
    void aClientLeavingInTheMiddleOfItsHeadLeavesTheProxyQuiet() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.output().write("GET /user/alice/gone HTTP/1.1\r\nHost: pro".getBytes(StandardCharsets.ISO_8859_1));
            raw.output().flush();
        }
        // past the header timeout, whose wait must have ended with the connection
        await().pollDelay(Duration.ofMillis(1500)).untilAsserted(() ->
                assertThat(Http.get(proxy.url("/_chp_healthz")).statusCode()).isEqualTo(200));
        assertThat(proxy.log()).doesNotContain("ERROR").doesNotContain("Exception");
    }

    @Test
    void aClientLeavingWhileTheTargetIsThinkingCutsTheTargetConnectionQuietly() throws Exception {
        thinking = new CompletableFuture<>();
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("GET /user/alice/think HTTP/1.1\r\nHost: proxy\r\n");
            thinking.get(30, TimeUnit.SECONDS);
        }
        proxy.assertHealthyAfter("client_closed");
        assertThat(body(new RawHttp(proxy.port()), "GET /user/alice/after HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n"))
                .isEqualTo("path /user/alice/after");
    }

    /**
     * Writes {@code head} a byte every {@code everyMillis} until the proxy answers or closes; the
     * head may be cut short, by the proxy.
     */
    private static void dripUntilAnswered(RawHttp raw, String head, long everyMillis) throws Exception {
        OutputStream out = raw.output();
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length && raw.input().available() == 0; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException closedByTheProxy) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(everyMillis);
        }
    }

    private static String body(RawHttp raw, String head) throws IOException {
        try (raw) {
            raw.sendHead(head);
            return raw.readOkBody();
        }
    }

    /** Reads the rest of the answer; fails if the connection is still open after the socket's read timeout. */
    private static void assertClosedByTheProxy(RawHttp raw) throws IOException {
        try {
            raw.input().readAllBytes();
        } catch (SocketTimeoutException e) {
            fail("the proxy left the connection open");
        }
    }
}
