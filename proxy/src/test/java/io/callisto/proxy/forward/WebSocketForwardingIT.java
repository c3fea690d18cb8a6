package io.callisto.proxy.forward;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callisto.proxy.support.Backend;
import io.callisto.proxy.support.FreePorts;
import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RoutesClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Websockets through the launcher-started proxy, to a Vert.x target that greets, echoes, closes
 * with a code on request, and speaks Jupyter's kernel sub-protocol. The proxy runs with a limit of
 * two websockets per route.
 */
class WebSocketForwardingIT {

    private static final String KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org";
    private static final int MAX_FRAME = 2 * 1024 * 1024;

    private static Vertx vertx;
    private static Backend backend;
    private static ProxyProcess proxy;
    private static RoutesClient routes;
    private static WebSocketClient client;
    private static final BlockingQueue<MultiMap> handshakes = new LinkedBlockingQueue<>();
    private static volatile CompletableFuture<Short> closedByClient = new CompletableFuture<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        backend = Backend.start(vertx.createHttpServer(new HttpServerOptions()
                        .setWebSocketSubProtocols(List.of(KERNEL_PROTOCOL))
                        .setMaxWebSocketFrameSize(MAX_FRAME)
                        .setMaxWebSocketMessageSize(MAX_FRAME))
                .webSocketHandler(WebSocketForwardingIT::serve)
                .requestHandler(request -> request.response().setStatusCode(404).end()));
        proxy = ProxyProcess.start("websocket", Map.of("CALLISTO_PROXY_LIMITS_MAX_WEBSOCKETS_PER_ROUTE", "2"));
        routes = new RoutesClient(proxy);
        routes.add("/user/alice", backend.url());
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(MAX_FRAME).setMaxMessageSize(MAX_FRAME));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        proxy.close();
        Backend.await(vertx.close());
    }

    @AfterEach
    void allWebsocketsAreClosed() {
        await().untilAsserted(() -> assertThat(metrics()).contains("callisto_proxy_websocket_connections 0\n"));
    }

    private static void serve(ServerWebSocket socket) {
        if (socket.path().endsWith("/refused")) {
            socket.reject(403);
            return;
        }
        handshakes.add(socket.headers());
        socket.closeHandler(v -> closedByClient.complete(socket.closeStatusCode()));
        socket.writeTextMessage("connected");
        socket.textMessageHandler(text -> {
            if (text.startsWith("close ")) {
                socket.close(Short.parseShort(text.substring(6)), "bye");
            } else {
                socket.writeTextMessage("echo " + text);
            }
        });
        socket.binaryMessageHandler(socket::writeBinaryMessage);
    }

    /** A websocket through the proxy and the messages it receives, as {@code text:...} or {@code binary:<length>:<hash>}. */
    private record Connection(WebSocket socket, BlockingQueue<String> messages) {
    }

    private static Connection connect(String path, List<String> subProtocols) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(proxy.port()).setURI(path)
                .setSubProtocols(subProtocols)
                .addHeader("Cookie", "jupyterhub-session-id=abc")
                .addHeader("Origin", "http://127.0.0.1:" + proxy.port());
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket socket = Backend.await(client.connect(options).map(connected -> {
            connected.textMessageHandler(text -> messages.add("text:" + text));
            connected.binaryMessageHandler(bytes -> messages.add("binary:" + bytes.length() + ":" + bytes.hashCode()));
            return connected;
        }));
        return new Connection(socket, messages);
    }

    private static String next(BlockingQueue<String> messages) throws InterruptedException {
        String message = messages.poll(30, TimeUnit.SECONDS);
        assertThat(message).as("a message within 30 s").isNotNull();
        return message;
    }

    private static String metrics() {
        return given().baseUri(proxy.apiUrl()).get("/metrics").asString();
    }

    @Test
    void textAndBinaryMessagesPassBothWays() throws Exception {
        Connection connection = connect("/user/alice/api/kernels/k1/channels", List.of());
        WebSocket socket = connection.socket();
        BlockingQueue<String> messages = connection.messages();

        assertThat(next(messages)).isEqualTo("text:connected");
        socket.writeTextMessage("hello");
        assertThat(next(messages)).isEqualTo("text:echo hello");
        Buffer binary = Buffer.buffer(new byte[] {0, 1, 2, (byte) 255});
        socket.writeBinaryMessage(binary);
        assertThat(next(messages)).isEqualTo("binary:4:" + binary.hashCode());
        Backend.await(socket.close());
    }

    @Test
    void oneMebibyteFramesPassWhole() throws Exception {
        Connection connection = connect("/user/alice/api/kernels/k1/channels", List.of());
        WebSocket socket = connection.socket();
        BlockingQueue<String> messages = connection.messages();
        assertThat(next(messages)).isEqualTo("text:connected");
        byte[] bytes = new byte[1024 * 1024];
        new Random(7).nextBytes(bytes);
        Buffer big = Buffer.buffer(bytes);

        socket.writeBinaryMessage(big);
        socket.writeTextMessage("x".repeat(1024 * 1024));

        assertThat(next(messages)).isEqualTo("binary:" + big.length() + ":" + big.hashCode());
        assertThat(next(messages)).isEqualTo("text:echo " + "x".repeat(1024 * 1024));
        Backend.await(socket.close());
    }

    @Test
    void theTargetsCloseCodeReachesTheClient() {
        WebSocket socket = connect("/user/alice/terminals/websocket/1", List.of()).socket();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));

        socket.writeTextMessage("close 4001");

        assertThat(closed).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo((short) 4001);
        assertThat(socket.closeReason()).isEqualTo("bye");
    }

    @Test
    void theClientsCloseCodeReachesTheTarget() {
        closedByClient = new CompletableFuture<>();
        WebSocket socket = connect("/user/alice/terminals/websocket/1", List.of()).socket();

        Backend.await(socket.close((short) 4002, "leaving"));

        assertThat(closedByClient).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo((short) 4002);
    }

    @Test
    void theHandshakeCarriesTheClientsHeadersAndSubProtocol() throws Exception {
        handshakes.clear();
        WebSocket socket = connect("/user/alice/api/kernels/k2/channels?session_id=s1", List.of(KERNEL_PROTOCOL)).socket();

        assertThat(socket.subProtocol()).isEqualTo(KERNEL_PROTOCOL);
        MultiMap headers = handshakes.poll(30, TimeUnit.SECONDS);
        assertThat(headers).isNotNull();
        assertThat(headers.get("Cookie")).isEqualTo("jupyterhub-session-id=abc");
        assertThat(headers.get("Origin")).isEqualTo("http://127.0.0.1:" + proxy.port());
        assertThat(headers.get("Host")).isEqualTo("127.0.0.1:" + proxy.port());
        assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("ws");
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        Backend.await(socket.close());
    }

    @Test
    void aRouteTakesNoMoreWebsocketsThanItsLimit() {
        WebSocket first = connect("/user/alice/a", List.of()).socket();
        WebSocket second = connect("/user/alice/b", List.of()).socket();
        await().untilAsserted(() -> assertThat(metrics()).contains("callisto_proxy_websocket_connections 2\n"));

        assertThatThrownBy(() -> connect("/user/alice/c", List.of())).hasMessageContaining("503");

        Backend.await(first.close());
        await().untilAsserted(() -> assertThat(metrics()).contains("callisto_proxy_websocket_connections 1\n"));
        WebSocket third = connect("/user/alice/c", List.of()).socket();
        Backend.await(second.close());
        Backend.await(third.close());
        assertThat(metrics()).containsPattern("callisto_proxy_errors_total\\{reason=\"websocket_limit\"\\} [1-9]");
    }

    @Test
    void aRefusedHandshakeIsRelayed() {
        assertThatThrownBy(() -> connect("/user/alice/refused", List.of())).hasMessageContaining("403");
    }

    @Test
    void anUnreachableTargetGives503() {
        routes.add("/user/gone", "http://127.0.0.1:" + FreePorts.next());

        assertThatThrownBy(() -> connect("/user/gone/api/kernels/k/channels", List.of())).hasMessageContaining("503");
        routes.delete("/user/gone");
    }

    @Test
    void messagesAdvanceTheRoutesLastActivity() throws Exception {
        Connection connection = connect("/user/alice/api/kernels/k3/channels", List.of());
        WebSocket socket = connection.socket();
        BlockingQueue<String> messages = connection.messages();
        assertThat(next(messages)).isEqualTo("text:connected");
        Instant before = routes.lastActivity("/user/alice");

        await().until(() -> {
            socket.writeTextMessage("ping");
            next(messages);
            return routes.lastActivity("/user/alice").isAfter(before);
        });
        Backend.await(socket.close());
    }
}
