package io.callisto.hub.kubernetes;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.callisto.hub.auth.LoginSessions;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerStatus;
import io.callisto.hub.servers.ServerWatch;
import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.testing.ProgressStream;
import io.callisto.hub.users.User;
import io.callisto.spawner.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hub with the Kubernetes spawner, end to end: hub API, spawner, pod (a real
 * {@code jupyterhub-singleuser} run by the simulated kubelet), the real proxy, and back.
 */
@QuarkusTest
@TestProfile(KubernetesSpawnProfile.class)
@QuarkusTestResource(HubTestResource.class)
class KubernetesSpawnTest {

    @TestHTTPResource("/")
    URL hub;

    @Inject
    ServerWatch watch;

    private static MockCluster cluster() {
        return MockClusterResource.cluster();
    }

    private static Optional<Server> server(String user) {
        return QuarkusTransaction.requiringNew().call(() -> Server.of(User.byName(user).orElseThrow(), ""));
    }

    private static Pod pod(String name) {
        return cluster().admin().pods().inNamespace(MockCluster.NAMESPACE).withName(name).get();
    }

    private List<Map<String, Object>> progress(String user, String token) throws Exception {
        return ProgressStream.read(hub.toString().replaceAll("/$", ""), "/hub/api/users/" + user + "/server/progress", token);
    }

    @Test
    void aServerStartedWithAProfileRunsInAPodReachedThroughTheProxy() throws Exception {
        String uma = createUser("uma");

        as(uma).contentType("application/json").body("{\"profile\": \"standard\", \"image\": \"scipy\"}")
                .post("/hub/api/users/uma/server?wait=0").then().statusCode(202);
        List<Map<String, Object>> events = progress("uma", uma);

        assertThat(events.get(events.size() - 1)).containsEntry("ready", true).containsEntry("url", "/user/uma/");
        assertThat(events).extracting(e -> (String) e.get("message"))
                .contains("Created volume claim claim-uma", "Creating pod jupyter-uma in namespace callisto")
                .anyMatch(m -> m.startsWith("Successfully assigned callisto/jupyter-uma to "))
                .anyMatch(m -> m.startsWith("Pod jupyter-uma is running at 127.1."));
        assertThat(events).extracting(e -> (Integer) e.get("progress")).isSorted();
        Pod pod = pod("jupyter-uma");
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("quay.io/jupyter/scipy-notebook:2025-01-06");
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits()).containsOnlyKeys("cpu", "memory");
        assertThat(server("uma").orElseThrow().userOptions).containsExactlyInAnyOrderEntriesOf(
                Map.of("profile", "standard", "image", "scipy"));

        String proxy = HubTestResource.publicUrl();
        given().header("Authorization", "token " + uma).get(proxy + "/user/uma/api/status").then().statusCode(200);

        Process process = cluster().kubelet().process(MockCluster.NAMESPACE, "jupyter-uma").orElseThrow();
        as(uma).delete("/hub/api/users/uma/server").then().statusCode(204);
        assertThat(pod("jupyter-uma")).isNull();
        assertThat(server("uma").orElseThrow().status).isEqualTo(ServerStatus.STOPPED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    @Test
    void optionsNoProfileAllowsAreRefusedWith400AndNothingChanges() {
        String vic = createUser("vic");

        as(vic).contentType("application/json").body("{\"profile\": \"huge\"}").post("/hub/api/users/vic/server")
                .then().statusCode(400).body("message", equalTo("Unknown profile 'huge'; choose one of: standard, gpu"));
        as(vic).contentType("application/json").body("{\"image--unlisted-choice\": \"docker.io/evil:latest\"}")
                .post("/hub/api/users/vic/server").then().statusCode(400)
                .body("message", equalTo("User option 'image--unlisted-choice': 'docker.io/evil:latest' is not allowed;"
                        + " it must match quay\\.io/jupyter/[a-z-]+:[a-z0-9.-]+"));

        assertThat(server("vic")).isEmpty();
        assertThat(pod("jupyter-vic")).isNull();
    }

    @Test
    void aProfileNoNodeCanTakeFailsTheStartAtOnceWithTheSchedulersReason() throws Exception {
        String wes = createUser("wes");
        long started = System.nanoTime();

        as(wes).contentType("application/json").body("{\"profile\": \"gpu\"}").post("/hub/api/users/wes/server?wait=0")
                .then().statusCode(202);
        List<Map<String, Object>> events = progress("wes", wes);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        Map<String, Object> last = events.get(events.size() - 1);
        assertThat(last).containsEntry("failed", true);
        assertThat((String) last.get("message")).contains("Insufficient nvidia.com/gpu");
        assertThat(server("wes").orElseThrow().status).isEqualTo(ServerStatus.FAILED);
        assertThat(pod("jupyter-wes")).isNull();
    }

    @Test
    void theHomePageOffersTheProfilesAndTheirOptions() {
        createUser("xia");
        var session = given().redirects().follow(false).formParam("username", "xia").formParam("password", "password-xia")
                .post("/hub/login").then().statusCode(302).extract().detailedCookie(LoginSessions.COOKIE);

        String html = given().cookie(session).get("/hub/home").then().statusCode(200).extract().asString();

        assertThat(html).contains("id=\"spawn-options\"", "value=\"standard\" checked", "<span class=\"profile-name\">GPU</span>",
                "<option value=\"scipy\">SciPy</option>", "<option value=\"unlisted_choice\">Other image…</option>",
                "/hub/static/spawn-options.js");
    }

    @Test
    void atStartUpPodsNoRecordOwnsAreRemovedAndRunningServersKept() throws Exception {
        String yan = createUser("yan");
        as(yan).post("/hub/api/users/yan/server?wait=0").then().statusCode(202);
        progress("yan", yan);
        Pod running = pod("jupyter-yan");
        cluster().admin().pods().inNamespace(MockCluster.NAMESPACE).resource(new PodBuilder(running)
                .editMetadata().withName("jupyter-ghost").withUid(null).withResourceVersion(null)
                .addToAnnotations("hub.callisto.io/username", "ghost").endMetadata().withStatus(null).build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster().kubelet().process(MockCluster.NAMESPACE, "jupyter-ghost").isPresent());

        watch.recover();

        assertThat(pod("jupyter-ghost")).isNull();
        assertThat(pod("jupyter-yan")).isNotNull();
        assertThat(server("yan").orElseThrow().status).isEqualTo(ServerStatus.RUNNING);
        as(yan).delete("/hub/api/users/yan/server").then().statusCode(204);
    }

    @Test
    void aPodDeletedBehindTheHubsBackIsShownStopped() throws Exception {
        String zoe = createUser("zoe");
        as(zoe).post("/hub/api/users/zoe/server?wait=0").then().statusCode(202);
        List<Map<String, Object>> events = progress("zoe", zoe);
        assertThat(events.get(events.size() - 1)).containsEntry("ready", true);
        assertThat(server("zoe").orElseThrow().status).isEqualTo(ServerStatus.RUNNING);

        cluster().admin().pods().inNamespace(MockCluster.NAMESPACE).withName("jupyter-zoe").delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server("zoe").orElseThrow().status)
                .as("zoe's server, failure %s", server("zoe").orElseThrow().failure).isEqualTo(ServerStatus.STOPPED));
        assertThat(server("zoe").orElseThrow().failure).contains("its pod jupyter-zoe was deleted");
        asAdmin().get("/hub/api/users/zoe").then().statusCode(200).body("server", equalTo(null));
    }
}
