package io.callisto.hub.servers;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.testing.ProgressStream;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(FailingSpawnProfile.class)
@QuarkusTestResource(HubTestResource.class)
class SpawnFailureTest {

    @TestHTTPResource("/")
    URL hub;

    private Map<String, Object> lastEvent(String user, String token) throws Exception {
        as(token).post("/hub/api/users/" + user + "/server?wait=0").then().statusCode(202);
        List<Map<String, Object>> events = ProgressStream.read(hub.toString().replaceAll("/$", ""),
                "/hub/api/users/" + user + "/server/progress", token);
        return events.get(events.size() - 1);
    }

    private static Server server(String user) {
        return QuarkusTransaction.requiringNew().call(() -> Server.of(User.byName(user).orElseThrow(), "").orElseThrow());
    }

    @Test
    void aServerThatCrashesAtStartFailsWithItsLastLogLines() throws Exception {
        String token = createUser("crash-ann");
        Map<String, Object> last = lastEvent("crash-ann", token);
        assertThat(last).containsEntry("failed", true);
        assertThat((String) last.get("message")).contains("exited").contains("something broke at start-up");
        Server server = server("crash-ann");
        assertThat(server.status).isEqualTo(ServerStatus.FAILED);
        assertThat(server.failure).contains("something broke at start-up");
        as(token).get("/hub/api/users/crash-ann").then().statusCode(200).body("server", equalTo(null));
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsKilled() throws Exception {
        String token = createUser("hang-bob");
        Map<String, Object> last = lastEvent("hang-bob", token);
        assertThat((String) last.get("message")).contains("did not answer within 3 seconds").contains("never listening");
        Server server = server("hang-bob");
        assertThat(server.status).isEqualTo(ServerStatus.FAILED);
        assertThat(server.spawnerState).isEmpty();
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")))
                .noneMatch(command -> command.equals("sleep 600"));
    }

    @Test
    void aStartThatFailsWhileTheRequestWaitsIs500WithTheReason() {
        String token = createUser("crash-dan");
        as(token).post("/hub/api/users/crash-dan/server?wait=20").then().statusCode(500)
                .body("message", org.hamcrest.Matchers.containsString("something broke at start-up"));
    }

    @Test
    void aFailedServerCanBeStartedAgain() throws Exception {
        String token = createUser("crash-cat");
        lastEvent("crash-cat", token);
        assertThat(lastEvent("crash-cat", token)).containsEntry("failed", true);
    }

    /** A stop that comes while the hub waits for the server to answer ends the start, even if the server answers right after. */
    @Test
    void aStopJustBeforeTheServerAnswersEndsTheStartStopped() throws Exception {
        String token = createUser("gate-eve");
        Path gate = Path.of("/tmp/callisto-test-gate-gate-eve");
        Files.deleteIfExists(gate);
        try {
            as(token).post("/hub/api/users/gate-eve/server?wait=0").then().statusCode(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> server("gate-eve").url != null);

            as(token).delete("/hub/api/users/gate-eve/server").then().statusCode(202);
            Files.createFile(gate);

            await().atMost(Duration.ofSeconds(10)).until(() -> server("gate-eve").status == ServerStatus.STOPPED);
            Server stopped = server("gate-eve");
            List<SpawnEvent> events = QuarkusTransaction.requiringNew().call(() -> SpawnEvent.after(stopped.id, stopped.spawnId, 0));
            assertThat(events.get(events.size() - 1)).extracting(e -> e.message, e -> e.failed)
                    .containsExactly("Start cancelled: the server was stopped", true);
            assertThat(asAdmin().get("/hub/api/proxy").then().statusCode(200).extract().jsonPath().getMap("$").keySet())
                    .noneMatch(route -> route.toString().contains("gate-eve"));
        } finally {
            Files.deleteIfExists(gate);
        }
    }
}
