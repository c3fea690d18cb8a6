package io.callisto.hub.servers;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.testing.ProgressStream;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real jupyterhub-singleuser processes behind the real proxy, started and stopped through the API. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class ServerLifecycleTest {

    @TestHTTPResource("/")
    URL hub;

    private static Server server(String user) {
        return QuarkusTransaction.requiringNew().call(() -> Server.of(User.byName(user).orElseThrow(), "").orElseThrow());
    }

    private static long pid(Server server) {
        return Long.parseLong(server.spawnerState.get("pid"));
    }

    private List<Map<String, Object>> startAndFollow(String user, String token) throws Exception {
        as(token).post("/hub/api/users/" + user + "/server?wait=0").then().statusCode(202);
        return ProgressStream.read(hub.toString().replaceAll("/$", ""), "/hub/api/users/" + user + "/server/progress", token);
    }

    @Test
    void aStartedServerIsRoutedThroughTheProxyAndOnlyItsOwnerGetsIn() throws Exception {
        String quinn = createUser("quinn");
        String rita = createUser("rita");
        List<Map<String, Object>> events = startAndFollow("quinn", quinn);
        Map<String, Object> last = events.get(events.size() - 1);
        assertThat(last).containsEntry("progress", 100).containsEntry("ready", true).containsEntry("url", "/user/quinn/");
        assertThat(events).extracting(e -> (Integer) e.get("progress")).isSorted();

        as(quinn).get("/hub/api/users/quinn").then().statusCode(200)
                .body("server", equalTo("/user/quinn/")).body("servers[''].ready", equalTo(true));
        as(quinn).post("/hub/api/users/quinn/server").then().statusCode(400).body("message", containsString("already running"));

        String proxy = HubTestResource.publicUrl();
        given().header("Authorization", "token " + quinn).get(proxy + "/user/quinn/api/status").then().statusCode(200);
        given().header("Authorization", "token " + rita).get(proxy + "/user/quinn/api/status").then().statusCode(403);
        asAdmin().get(proxy + "/user/quinn/api/status").then().statusCode(200);

        long pid = pid(server("quinn"));
        as(quinn).delete("/hub/api/users/quinn/server").then().statusCode(204);
        assertThat(server("quinn").status).isEqualTo(ServerStatus.STOPPED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        given().redirects().follow(false).header("Authorization", "token " + quinn).get(proxy + "/user/quinn/api/status")
                .then().statusCode(302).header("Location", "/hub/user/quinn/api/status");
    }

    @Test
    void aServerKilledBehindTheHubsBackIsNoticedAndShownStopped() throws Exception {
        String sam = createUser("sam");
        startAndFollow("sam", sam);
        ProcessHandle.of(pid(server("sam"))).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> server("sam").status == ServerStatus.STOPPED);
        assertThat(server("sam").failure).contains("stopped unexpectedly");
        as(sam).get("/hub/api/users/sam").then().statusCode(200).body("server", equalTo(null));
    }

    @Test
    void aStartThatFinishesWhileTheRequestWaitsIs201() {
        String uma = createUser("uma");
        as(uma).post("/hub/api/users/uma/server?wait=25").then().statusCode(201);
        as(uma).get("/hub/api/users/uma").then().body("server", equalTo("/user/uma/"));
        as(uma).delete("/hub/api/users/uma/server").then().statusCode(204);
    }

    @Test
    void stoppingAServerThatIsNotRunningIsANoOp() {
        String tara = createUser("tara");
        as(tara).delete("/hub/api/users/tara/server").then().statusCode(204);
    }
}
