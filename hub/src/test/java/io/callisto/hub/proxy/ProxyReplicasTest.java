package io.callisto.hub.proxy;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.testing.ProgressStream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Two proxy replicas driven by one hub: route changes reach both, a replica killed while routes
 * change comes back empty and converges to the other's table without the hub restarting, and traffic
 * through either replica becomes the user's {@code last_activity}.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@TestProfile(ProxyReplicasProfile.class)
class ProxyReplicasTest {

    private static final ProxyReplica FIRST = ProxyReplicasProfile.FIRST;
    private static final ProxyReplica SECOND = ProxyReplicasProfile.SECOND;

    @TestHTTPResource("/")
    URL hub;

    @Test
    void replicasConvergeAfterARestartAndActivityFromEitherReachesTheUser() throws Exception {
        String ursula = createUser("ursula");
        String victor = createUser("victor");
        start("ursula", ursula);
        assertThat(hubRoutes(FIRST)).containsOnlyKeys("/user/ursula");
        assertThat(hubRoutes(SECOND)).isEqualTo(hubRoutes(FIRST));

        SECOND.kill();
        start("victor", victor);
        as(ursula).delete("/hub/api/users/ursula/server").then().statusCode(204);
        assertThat(hubRoutes(FIRST)).containsOnlyKeys("/user/victor");

        SECOND.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hubRoutes(SECOND)).containsOnlyKeys("/user/victor").isEqualTo(hubRoutes(FIRST)));

        // The route the sync put back on the restarted replica is not anyone's activity.
        Instant repaired = lastActivity(SECOND, "/user/victor");
        asAdmin().post("/hub/api/proxy").then().statusCode(200);
        asAdmin().post("/hub/api/proxy").then().statusCode(200);
        assertThat(userActivity("victor")).isBefore(repaired);

        // Traffic through either replica reaches the user, whichever replica saw it last.
        given().header("Authorization", "token " + victor).get(SECOND.publicUrl() + "/user/victor/api/status")
                .then().statusCode(200);
        Instant throughSecond = lastActivity(SECOND, "/user/victor");
        assertThat(throughSecond).isAfter(repaired).isAfter(lastActivity(FIRST, "/user/victor"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !userActivity("victor").isBefore(throughSecond));

        given().header("Authorization", "token " + victor).get(FIRST.publicUrl() + "/user/victor/api/status")
                .then().statusCode(200);
        Instant throughFirst = lastActivity(FIRST, "/user/victor");
        assertThat(throughFirst).isAfter(throughSecond);
        await().atMost(Duration.ofSeconds(20)).until(() -> !userActivity("victor").isBefore(throughFirst));

        as(victor).delete("/hub/api/users/victor/server").then().statusCode(204);
        assertThat(hubRoutes(FIRST)).isEmpty();
        assertThat(hubRoutes(SECOND)).isEmpty();
    }

    private void start(String user, String token) throws Exception {
        as(token).post("/hub/api/users/" + user + "/server?wait=0").then().statusCode(202);
        ProgressStream.read(hub.toString().replaceAll("/$", ""), "/hub/api/users/" + user + "/server/progress", token);
        as(token).get("/hub/api/users/" + user).then().statusCode(200)
                .body("servers[''].ready", org.hamcrest.Matchers.equalTo(true));
    }

    /** The routes the hub owns on {@code replica}, path → target. */
    private static Map<String, Object> hubRoutes(ProxyReplica replica) {
        Map<String, Map<String, Object>> all = given().header("Authorization", "token " + ProxyReplica.TOKEN)
                .get(replica.apiUrl() + "/api/routes").then().statusCode(200).extract().as(Map.class);
        Map<String, Object> owned = new TreeMap<>();
        all.forEach((path, route) -> {
            if (Boolean.TRUE.equals(route.get("jupyterhub"))) {
                owned.put(path, route.get("target"));
            }
        });
        return owned;
    }

    private static Instant lastActivity(ProxyReplica replica, String path) {
        String stamp = given().header("Authorization", "token " + ProxyReplica.TOKEN)
                .get(replica.apiUrl() + "/api/routes" + path).then().statusCode(200).extract().path("last_activity");
        return Instant.parse(stamp);
    }

    private static Instant userActivity(String user) {
        return Instant.parse(asAdmin().get("/hub/api/users/" + user).then().statusCode(200).extract().path("last_activity"));
    }
}
