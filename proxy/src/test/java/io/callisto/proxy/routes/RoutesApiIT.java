package io.callisto.proxy.routes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RoutesClient;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** configurable-http-proxy's routes API, against the launcher started with CHP's options. */
class RoutesApiIT {

    private static final String ISO_MILLIS_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String TARGET = "http://127.0.0.1:9";

    private static ProxyProcess proxy;
    private static RoutesClient routes;

    @BeforeAll
    static void startProxy() {
        proxy = ProxyProcess.start("routes-api", Map.of());
        routes = new RoutesClient(proxy);
    }

    @AfterAll
    static void stopProxy() throws InterruptedException {
        proxy.close();
    }

    @AfterEach
    void removeRoutes() {
        for (String path : routes.all().<String, Object>getMap("$").keySet()) {
            routes.delete(path.equals("/") ? "" : path);
        }
    }

    @Test
    void theProxyStartsWithNoRoutes() {
        routes.request().get("/api/routes").then().statusCode(200).body(equalTo("{}"));
    }

    @Test
    void requestsWithoutTheRightTokenAreRefused() {
        String api = proxy.apiUrl();
        given().baseUri(api).get("/api/routes").then().statusCode(403);
        given().baseUri(api).header("Authorization", "token wrong").get("/api/routes").then().statusCode(403);
        given().baseUri(api).header("Authorization", "Bearer " + ProxyProcess.TOKEN).get("/api/routes").then().statusCode(403);
        given().baseUri(api).body("{\"target\": \"" + TARGET + "\"}").post("/api/routes/user/eve").then().statusCode(403);
        given().baseUri(api).delete("/api/routes/user/eve").then().statusCode(403);

        assertThat(routes.all().getMap("$")).isEmpty();
    }

    @Test
    void aPostedRouteIsReturnedWithItsDataAndLastActivity() {
        routes.request().contentType("application/json")
                .body("{\"target\": \"" + TARGET + "\", \"jupyterhub\": true, \"user\": \"alice\", \"server_name\": \"\"}")
                .post("/api/routes/user/alice").then().statusCode(201).body(emptyString());

        routes.request().get("/api/routes/user/alice").then().statusCode(200)
                .contentType("application/json")
                .body("target", equalTo(TARGET))
                .body("jupyterhub", equalTo(true))
                .body("user", equalTo("alice"))
                .body("server_name", equalTo(""))
                .body("last_activity", matchesPattern(ISO_MILLIS_UTC));
        JsonPath table = routes.all();
        assertThat(table.getMap("$")).containsOnlyKeys("/user/alice");
        assertThat(table.getString("'/user/alice'.target")).isEqualTo(TARGET);
    }

    @Test
    void aMissingRouteIs404() {
        routes.request().get("/api/routes/user/nobody").then().statusCode(404)
                .body("message", containsString("/user/nobody"));
    }

    @Test
    void deletingRemovesTheRouteAndRepeatingItStillSucceeds() {
        routes.add("/user/bob", TARGET);

        routes.request().delete("/api/routes/user/bob").then().statusCode(204).body(emptyString());
        routes.request().get("/api/routes/user/bob").then().statusCode(404);
        routes.request().delete("/api/routes/user/bob").then().statusCode(204);
    }

    @Test
    void escapedPathsAreStoredDecoded() {
        routes.add("/user/b%40x", TARGET);

        assertThat(routes.all().getMap("$")).containsOnlyKeys("/user/b@x");
        routes.request().get("/api/routes/user/b%40x").then().statusCode(200);
        routes.request().delete("/api/routes/user/b%40x").then().statusCode(204);
        assertThat(routes.all().getMap("$")).isEmpty();
    }

    @Test
    void pathsWithAndWithoutATrailingSlashAreTheSameRoute() {
        routes.add("/user/carol/", TARGET);
        routes.add("/user/carol", "http://127.0.0.1:10");

        assertThat(routes.all().getMap("$")).containsOnlyKeys("/user/carol");
        routes.request().get("/api/routes/user/carol/").then().statusCode(200).body("target", equalTo("http://127.0.0.1:10"));
        routes.request().delete("/api/routes/user/carol/").then().statusCode(204);
        assertThat(routes.all().getMap("$")).isEmpty();
    }

    @Test
    void postingToTheCollectionCreatesTheRootRoute() {
        routes.add("", TARGET);

        assertThat(routes.all().getMap("$")).containsOnlyKeys("/");
        routes.request().get("/api/routes/").then().statusCode(200).body("'/'.target", equalTo(TARGET));
    }

    @Test
    void inactiveSinceListsOnlyRoutesIdleSinceThen() {
        routes.add("/user/idle", TARGET);
        Instant idleActivity = routes.lastActivity("/user/idle");
        Instant cutoff = idleActivity.plusMillis(1);
        await().until(() -> Instant.now().isAfter(cutoff));
        routes.add("/user/busy", TARGET);

        for (String parameter : new String[] {"inactive_since", "inactiveSince"}) {
            assertThat(routesInactiveSince(parameter, cutoff.toString())).containsOnlyKeys("/user/idle");
            assertThat(routesInactiveSince(parameter, "1970-01-01T00:00:00.000Z")).isEmpty();
            assertThat(routesInactiveSince(parameter, Instant.now().plusSeconds(3600).toString()))
                    .containsOnlyKeys("/user/idle", "/user/busy");
        }
    }

    private Map<String, Object> routesInactiveSince(String parameter, String since) {
        return routes.request().queryParam(parameter, since).get("/api/routes")
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    void anUnreadableInactiveSinceIs400() {
        routes.request().queryParam("inactive_since", "endoftheuniverse").get("/api/routes")
                .then().statusCode(400).contentType("application/json").body("message", containsString("ISO8601"));
    }

    @Test
    void otherMethodsAre405() {
        routes.request().put("/api/routes/user/alice").then().statusCode(405);
        routes.request().patch("/api/routes/user/alice").then().statusCode(405);
        given().baseUri(proxy.apiUrl()).put("/api/routes").then().statusCode(405);
    }

    @Test
    void unusableBodiesAre400AndStoreNothing() {
        String[] bodies = {"{not json", "", "[]", "null", "{}", "{\"target\": 8888}", "{\"target\": \"127.0.0.1:8888\"}",
            "{\"target\": \"" + TARGET + "\"} trailing"};
        for (String body : bodies) {
            routes.request().contentType("application/json").body(body).post("/api/routes/user/dave")
                    .then().statusCode(400).contentType("application/json").body("message", not(emptyString()));
        }
        assertThat(routes.all().getMap("$")).isEmpty();
    }

    @Test
    void bodiesOverTheLimitAre413() {
        String huge = "{\"target\": \"" + TARGET + "\", \"pad\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        routes.request().contentType("application/json").body(huge).post("/api/routes/user/dave").then().statusCode(413);
        assertThat(routes.all().getMap("$")).isEmpty();
    }

    @Test
    void otherApiPathsAre404() {
        routes.request().get("/api/other").then().statusCode(404).contentType("application/json");
        routes.request().get("/api/routesx").then().statusCode(404);
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        routes.add("/user/alice", TARGET);

        given().baseUri(proxy.apiUrl()).get("/health").then().statusCode(200)
                .body("status", equalTo("UP")).body("routes", equalTo(1));
        given().baseUri(proxy.apiUrl()).get("/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("callisto_proxy_routes 1\n"))
                .body(containsString("callisto_proxy_requests_total{status=\"2xx\"}"))
                .body(containsString("callisto_proxy_websocket_connections 0\n"))
                .body(containsString("callisto_proxy_errors_total{reason=\"unreachable\"}"))
                .body(containsString("callisto_proxy_upstream_latency_seconds_bucket{le=\"+Inf\"}"));
    }
}
