package io.callisto.hub.servers;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.callisto.hub.culler.CullerService;
import io.callisto.hub.culler.IdleCuller;
import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LimitsProfile.class)
@QuarkusTestResource(HubTestResource.class)
class LimitsAndCullingTest {

    @Inject
    IdleCuller culler;

    @Inject
    CullerService cullerService;

    private static ServerStatus status(String user, String server) {
        return QuarkusTransaction.requiringNew().call(() -> Server.of(User.byName(user).orElseThrow(), server)
                .map(s -> s.status).orElse(ServerStatus.STOPPED));
    }

    private static void awaitRunning(String user, String server) {
        await().atMost(Duration.ofSeconds(120)).until(() -> status(user, server) == ServerStatus.RUNNING);
    }

    @Test
    void theCullerStopsIdleServersAndLeavesActiveOnesThroughThePagedApi() throws Exception {
        String busy = createUser("cull-busy");
        String idle = createUser("cull-idle");
        as(busy).post("/hub/api/users/cull-busy/server?wait=0").then().statusCode(202);
        awaitRunning("cull-busy", "");
        as(idle).post("/hub/api/users/cull-idle/server?wait=0").then().statusCode(202);
        awaitRunning("cull-idle", "");
        Instant now = Instant.now();
        as(busy).contentType("application/json")
                .body("{\"servers\": {\"\": {\"last_activity\": \"" + now.plusSeconds(60) + "\"}}}")
                .post("/hub/api/users/cull-busy/activity").then().statusCode(204);

        IdleCuller.Pass pass = culler.cull(cullerService.token(), now.plusSeconds(90));

        assertThat(pass.serversStopped()).isEqualTo(1);
        assertThat(status("cull-idle", "")).isEqualTo(ServerStatus.STOPPED);
        assertThat(status("cull-busy", "")).isEqualTo(ServerStatus.RUNNING);
        as(cullerService.token()).get("/hub/api/users/cull-busy/tokens").then().statusCode(403);
        as(busy).delete("/hub/api/users/cull-busy/server").then().statusCode(204);
    }

    @Test
    void pastTheConcurrentSpawnLimitStartsAre429WithRetryAfter() {
        String first = createUser("limit-first");
        String second = createUser("limit-second");
        as(first).post("/hub/api/users/limit-first/server?wait=0").then().statusCode(202);
        as(second).post("/hub/api/users/limit-second/server?wait=0").then().statusCode(429)
                .header("Retry-After", notNullValue()).body("message", containsString("try again"));
        awaitRunning("limit-first", "");
        as(first).delete("/hub/api/users/limit-first/server").then().statusCode(204);
    }

    @Test
    void namedServersStartStopAndAreLimitedPerUser() {
        String token = createUser("named-nina");
        as(token).post("/hub/api/users/named-nina/servers/lab?wait=0").then().statusCode(202);
        awaitRunning("named-nina", "lab");
        as(token).get("/hub/api/users/named-nina").then().statusCode(200)
                .body("servers.lab.ready", equalTo(true)).body("servers.lab.url", equalTo("/user/named-nina/lab/"))
                .body("server", equalTo(null));
        as(token).post("/hub/api/users/named-nina/servers/second").then().statusCode(400).body("message", containsString("maximum of 1"));
        as(token).contentType("application/json").body("{\"remove\": true}").delete("/hub/api/users/named-nina/servers/lab")
                .then().statusCode(204);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Server.count("user.name = ?1 and name = 'lab'", "named-nina"))).isZero();
        as(token).delete("/hub/api/users/named-nina/servers/lab").then().statusCode(404);
        asAdmin().urlEncodingEnabled(false).post("/hub/api/users/named-nina/servers/a%01b").then().statusCode(400);
    }
}
