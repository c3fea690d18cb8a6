package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.proxy.support.Backend;
import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RawHttp;
import io.callisto.proxy.support.RoutesClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.io.InputStream;
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
 * How the proxy treats client connections themselves: kept alive, pipelined, closed when asked or
 * when idle (websockets included), and refused when a request line is too long.
 */
class ConnectionHandlingIT {

    private static Vertx vertx;
    private static Backend backend;
    private static ProxyProcess proxy;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        backend = Backend.start(vertx.createHttpServer()
                .webSocketHandler(socket -> socket.textMessageHandler(socket::writeTextMessage))
                .requestHandler(request -> request.response().end("path " + request.path())));
        proxy = ProxyProcess.start("connections", Map.of("CALLISTO_PROXY_TIMEOUTS_IDLE", "PT2S",
                "CALLISTO_PROXY_LIMITS_MAX_INITIAL_LINE_LENGTH", "1K"));
        new RoutesClient(proxy).add("/user/alice", backend.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        proxy.close();
        Backend.await(vertx.close());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.output().write(("GET /user/alice/one HTTP/1.1\r\nHost: proxy\r\n\r\n"
                    + "GET /user/alice/two HTTP/1.1\r\nHost: proxy\r\n\r\n"
                    + "GET /user/alice/three HTTP/1.1\r\nHost: proxy\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            raw.output().flush();

            assertThat(raw.readOkBody()).isEqualTo("path /user/alice/one");
            assertThat(raw.readOkBody()).isEqualTo("path /user/alice/two");
            assertThat(raw.readOkBody()).isEqualTo("path /user/alice/three");
        }
    }

    @Test
    void aClientAskingForCloseGetsItAfterTheResponse() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("GET /user/alice/x HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n");

            String head = raw.readHead();
            assertThat(head).containsIgnoringCase("connection: close");
            raw.input().readNBytes(RawHttp.contentLength(head));
            assertThat(raw.input().read()).isEqualTo(-1);
        }
    }

    @Test
    void anHttp10ClientIsAnsweredAndTheConnectionClosed() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("GET /user/alice/old HTTP/1.0\r\nHost: proxy\r\n");

            assertThat(new String(raw.input().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200").endsWith("path /user/alice/old");
        }
    }

    @Test
    void anIdleClientConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            long start = System.nanoTime();

            assertThat(readUntilClosed(raw.input())).isEqualTo(-1);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(20));
        }
    }

    @Test
    void anIdleWebsocketIsClosedAfterTheIdleTimeoutButABusyOneIsNot() throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(proxy.port())
                .setURI("/user/alice/api/kernels/k/channels");
        WebSocket idle = Backend.await(client.connect(options));
        WebSocket busy = Backend.await(client.connect(options));
        CompletableFuture<Void> idleClosed = new CompletableFuture<>();
        idle.closeHandler(v -> idleClosed.complete(null));
        CompletableFuture<Void> busyClosed = new CompletableFuture<>();
        busy.closeHandler(v -> busyClosed.complete(null));
        long ping = vertx.setPeriodic(300, id -> busy.writeTextMessage("ping"));
        try {
            assertThat(idleClosed).succeedsWithin(20, TimeUnit.SECONDS);
            assertThat(busyClosed).isNotDone();
        } finally {
            vertx.cancelTimer(ping);
            Backend.await(busy.close());
        }
    }

    @Test
    void aRequestLineOverTheLimitIs414() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("GET /user/alice/" + "x".repeat(2048) + " HTTP/1.1\r\nHost: proxy\r\n");

            assertThat(raw.readHead()).startsWith("HTTP/1.1 414");
        }
        await().untilAsserted(() -> assertThat(proxy.log()).doesNotContain("Exception"));
    }

    /** Reads (nothing is expected) until the proxy closes the connection; -1 then. */
    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        }
    }
}
