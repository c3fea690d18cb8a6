package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.proxy.support.Backend;
import io.callisto.proxy.support.FreePorts;
import io.callisto.proxy.support.Http;
import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RawHttp;
import io.callisto.proxy.support.RoutesClient;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the proxy answers when it cannot forward: its own pages, pages from an error target (CHP's
 * {@code --error-target} contract), the default target, and the response timeout.
 */
class ErrorPagesIT {

    private static Vertx vertx;
    private static Backend target;
    private static Backend errorPages;
    private static ProxyProcess plain;
    private static ProxyProcess withPages;
    private static ProxyProcess withDeadPages;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        target = Backend.start(vertx, request -> {
            if (request.path().endsWith("/slow")) {
                vertx.setTimer(300, id -> request.response().end("slow but in time"));
            } else if (!request.path().endsWith("/silent")) {
                request.response().end("target " + request.path());
            }
        });
        errorPages = Backend.start(vertx, request -> request.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("page " + request.path() + " for " + request.getParam("url")));
        plain = ProxyProcess.start("error-pages-plain", Map.of(), "--proxy-timeout", "1000");
        withPages = ProxyProcess.start("error-pages-target", Map.of(),
                "--error-target", errorPages.url() + "/hub/error", "--default-target", target.url());
        withDeadPages = ProxyProcess.start("error-pages-dead", Map.of(),
                "--error-target", "http://127.0.0.1:" + FreePorts.next() + "/hub/error");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        plain.close();
        withPages.close();
        withDeadPages.close();
        Backend.await(vertx.close());
    }

    @Test
    void withNoRouteTheProxySendsItsOwn404Page() {
        HttpResponse<String> response = Http.get(plain.url("/nope/x"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("404: Not Found").contains("/nope/x");
    }

    @Test
    void anUnreachableTargetGivesThe503Page() {
        new RoutesClient(plain).add("/user/down", "http://127.0.0.1:" + FreePorts.next());

        HttpResponse<String> response = Http.get(plain.url("/user/down/lab"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("503: Service Unavailable").contains("/user/down");
    }

    @Test
    void aTargetSilentPastTheResponseTimeoutGives504() {
        new RoutesClient(plain).add("/user/slow", target.url());
        long start = System.nanoTime();

        HttpResponse<String> response = Http.get(plain.url("/user/slow/silent"));

        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("504: Gateway Timeout");
        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    }

    @Test
    void aSlowTargetWithinTheResponseTimeoutIsWaitedFor() {
        new RoutesClient(plain).add("/user/slow", target.url());

        HttpResponse<String> response = Http.get(plain.url("/user/slow/slow"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("slow but in time");
    }

    @Test
    void aMalformedEscapeInThePathGives400() throws Exception {
        try (RawHttp raw = new RawHttp(plain.port())) {
            raw.sendHead("GET /user/%zz HTTP/1.1\r\nHost: proxy\r\n");

            assertThat(raw.readHead()).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void theDefaultTargetIsTheRootRouteAndTakesUnmatchedRequests() {
        RoutesClient routes = new RoutesClient(withPages);
        assertThat(routes.all().getString("'/'.target")).isEqualTo(target.url());
        routes.add("/user/down", "http://127.0.0.1:" + FreePorts.next());

        assertThat(Http.get(withPages.url("/hub/home")).body()).isEqualTo("target /hub/home");
        assertThat(Http.get(withPages.url("/user/downstairs")).body()).isEqualTo("target /user/downstairs");
        routes.delete("/user/down");
    }

    @Test
    void theErrorTargetRendersPagesThatKeepTheOriginalStatus() {
        RoutesClient routes = new RoutesClient(withPages);
        routes.add("/user/down", "http://127.0.0.1:" + FreePorts.next());

        HttpResponse<String> unreachable = Http.get(withPages.url("/user/down/tree?q=1"));

        assertThat(unreachable.statusCode()).isEqualTo(503);
        assertThat(unreachable.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(unreachable.body()).isEqualTo("page /hub/error/503 for /user/down/tree?q=1");
        routes.delete("/user/down");

        routes.delete("");
        try {
            HttpResponse<String> missing = Http.get(withPages.url("/nope"));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("page /hub/error/404 for /nope");
        } finally {
            routes.add("", target.url());
        }
    }

    @Test
    void anUnreachableErrorTargetFallsBackToTheProxysOwnPage() {
        HttpResponse<String> response = Http.get(withDeadPages.url("/nope"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("404: Not Found");
    }
}
