package io.callisto.proxy.forward;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.proxy.support.Backend;
import io.callisto.proxy.support.FreePorts;
import io.callisto.proxy.support.Http;
import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RawHttp;
import io.callisto.proxy.support.RoutesClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ordinary HTTP traffic through the launcher-started proxy, with access logging on, to Vert.x targets. */
class HttpForwardingIT {

    private static Vertx vertx;
    private static Backend echo;
    private static Backend other;
    private static ProxyProcess proxy;
    private static RoutesClient routes;
    private static volatile CompletableFuture<Void> secondChunk = new CompletableFuture<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        echo = Backend.start(vertx, HttpForwardingIT::serve);
        other = Backend.start(vertx, request -> request.response().end("other"));
        proxy = ProxyProcess.start("http-forwarding", Map.of("CALLISTO_PROXY_ACCESS_LOG", "true"));
        routes = new RoutesClient(proxy);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        proxy.close();
        Backend.await(vertx.close());
    }

    @AfterEach
    void removeRoutes() {
        for (String path : routes.all().<String, Object>getMap("$").keySet()) {
            routes.delete(path.equals("/") ? "" : path);
        }
    }

    /** The target: echoes the request as JSON, except for a few paths with their own behaviour. */
    private static void serve(HttpServerRequest request) {
        String path = request.path();
        if (path.endsWith("/cookies")) {
            request.response().putHeader("Set-Cookie", List.<String>of("a=1; Path=/", "b=2; HttpOnly")).end("cookies");
        } else if (path.endsWith("/redirect")) {
            request.response().setStatusCode(302).putHeader("Location", "http://elsewhere.example:12345/whatever").end();
        } else if (path.endsWith("/stream")) {
            request.response().setChunked(true).write("first\n");
            secondChunk.thenRun(() -> request.response().end("second\n"));
        } else {
            request.body().onSuccess(body -> {
                JsonObject headers = new JsonObject();
                request.headers().names().forEach(name ->
                        headers.put(name.toLowerCase(), String.join("|", request.headers().getAll(name))));
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("method", request.method().name())
                        .put("uri", request.uri())
                        .put("body", body.toString())
                        .put("headers", headers)
                        .encode());
            });
        }
    }

    private static JsonObject echoed(String path) {
        HttpResponse<String> response = Http.get(proxy.url(path));
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    @Test
    void everyMethodAndItsBodyReachTheTarget() {
        routes.add("/user/alice", echo.url());

        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
            String body = method.equals("GET") ? "" : "payload of " + method;
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/api/contents?x=1"))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject echoed = new JsonObject(response.body());
            assertThat(echoed.getString("method")).isEqualTo(method);
            assertThat(echoed.getString("uri")).isEqualTo("/user/alice/api/contents?x=1");
            assertThat(echoed.getString("body")).isEqualTo(body);
        }
        await().untilAsserted(() -> assertThat(proxy.log()).containsPattern("200 PATCH /user/alice/api/contents \\d+ms"));
    }

    @Test
    void theRequestPathReachesTheTargetExactlyAsSent() {
        routes.add("/user/b%40x", echo.url());

        String path = "/user/b%40x/files/a%20b/%E2%9C%93?q=a%2Fb&r=1";
        assertThat(echoed(path).getString("uri")).isEqualTo(path);
        assertThat(echoed("/user/b@x/tree").getString("uri")).isEqualTo("/user/b@x/tree");
    }

    @Test
    void theLongestMatchingRouteWins() {
        routes.add("/user/alice", echo.url());
        routes.add("/user/alice/proxy/8050", other.url());

        assertThat(Http.get(proxy.url("/user/alice/proxy/8050/app")).body()).isEqualTo("other");
        assertThat(echoed("/user/alice/proxy/805").getString("uri")).isEqualTo("/user/alice/proxy/805");
        assertThat(Http.get(proxy.url("/user/al/tree")).statusCode()).isEqualTo(404);
    }

    @Test
    void forwardedHeadersDescribeTheClientsRequest() {
        routes.add("/user/alice", echo.url());
        String hostAndPort = "127.0.0.1:" + proxy.port();

        JsonObject first = echoed("/user/alice/headers").getJsonObject("headers");
        assertThat(first.getString("host")).isEqualTo(hostAndPort);
        assertThat(first.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(first.getString("x-forwarded-proto")).isEqualTo("http");
        assertThat(first.getString("x-forwarded-port")).isEqualTo(Integer.toString(proxy.port()));
        assertThat(first.getString("x-forwarded-host")).isEqualTo(hostAndPort);

        HttpResponse<String> behindAnother = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/headers"))
                .header("X-Forwarded-For", "10.1.2.3").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "notebooks.example.edu").build());
        JsonObject second = new JsonObject(behindAnother.body()).getJsonObject("headers");
        assertThat(second.getString("x-forwarded-for")).isEqualTo("10.1.2.3,127.0.0.1");
        assertThat(second.getString("x-forwarded-proto")).isEqualTo("https,http");
        assertThat(second.getString("x-forwarded-host")).isEqualTo("notebooks.example.edu");
    }

    @Test
    void hopByHopHeadersStayAtTheProxy() throws Exception {
        routes.add("/user/alice", echo.url());

        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("GET /user/alice/hop HTTP/1.1\r\nHost: proxy.example\r\nConnection: keep-alive, X-Hop\r\n"
                    + "X-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\nX-End: 2\r\n");
            String head = raw.readHead();
            int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
            JsonObject headers = new JsonObject(new String(raw.input().readNBytes(length), StandardCharsets.UTF_8))
                    .getJsonObject("headers");

            assertThat(headers.fieldNames()).doesNotContain("x-hop", "keep-alive", "proxy-authorization", "connection")
                    .contains("x-end");
            assertThat(headers.getString("host")).isEqualTo("proxy.example");
        }
    }

    @Test
    void everySetCookieHeaderArrives() {
        routes.add("/user/alice", echo.url());

        HttpResponse<String> response = Http.get(proxy.url("/user/alice/cookies"));

        assertThat(response.headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2; HttpOnly");
    }

    @Test
    void redirectsPassThroughUntouched() {
        routes.add("/user/alice", echo.url());

        HttpResponse<String> response = Http.get(proxy.url("/user/alice/redirect"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("location")).hasValue("http://elsewhere.example:12345/whatever");
    }

    @Test
    void chunkedResponsesStreamAsTheTargetWritesThem() throws Exception {
        routes.add("/user/alice", echo.url());
        secondChunk = new CompletableFuture<>();

        HttpResponse<InputStream> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(response.headers().firstValue("content-length")).isEmpty();
            assertThat(body.readLine()).isEqualTo("first");
            secondChunk.complete(null);
            assertThat(body.readLine()).isEqualTo("second");
            assertThat(body.readLine()).isNull();
        }
    }

    @Test
    void headRequestsGetHeadersWithoutABody() {
        routes.add("/user/alice", echo.url());

        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/x"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void expectContinueIsAnsweredAndTheBodyForwarded() {
        routes.add("/user/alice", echo.url());

        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/upload"))
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString("after continue")).build());

        assertThat(new JsonObject(response.body()).getString("body")).isEqualTo("after continue");
    }

    @Test
    void trafficAdvancesTheRoutesLastActivity() {
        routes.add("/user/alice", echo.url());
        Instant added = routes.lastActivity("/user/alice");

        await().until(() -> {
            Http.get(proxy.url("/user/alice/api/status"));
            return routes.lastActivity("/user/alice").isAfter(added);
        });
    }

    @Test
    void failedRequestsDoNotCountAsActivity() {
        routes.add("/user/down", "http://127.0.0.1:" + FreePorts.next());
        Instant added = routes.lastActivity("/user/down");
        await().until(() -> Instant.now().isAfter(added.plusMillis(5)));

        assertThat(Http.get(proxy.url("/user/down/api/status")).statusCode()).isEqualTo(503);

        assertThat(routes.lastActivity("/user/down")).isEqualTo(added);
    }

    @Test
    void theHealthCheckIsAnsweredOnThePublicPort() {
        HttpResponse<String> response = Http.get(proxy.url("/_chp_healthz"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("OK");
    }

    @Test
    void oversizedRequestHeadersAre431() {
        routes.add("/user/alice", echo.url());

        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/x"))
                .header("X-Big", "x".repeat(40 * 1024)).build());

        assertThat(response.statusCode()).isEqualTo(431);
    }

    @Test
    void metricsCountForwardedResponsesAndTheirLatency() {
        routes.add("/user/alice", echo.url());
        echoed("/user/alice/counted");

        String metrics = given().baseUri(proxy.apiUrl()).get("/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern("callisto_proxy_requests_total\\{status=\"2xx\"\\} [1-9]")
                .containsPattern("callisto_proxy_upstream_latency_seconds_count [1-9]");
    }
}
