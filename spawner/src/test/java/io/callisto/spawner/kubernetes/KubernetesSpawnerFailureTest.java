package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callisto.spawner.api.SpawnException;
import io.callisto.spawner.api.StartedServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts that cannot succeed fail at once with the cluster's own words, well within the start
 * timeout (30 s here), and leave nothing behind; passing troubles of the API server are ridden out.
 */
class KubernetesSpawnerFailureTest {

    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @TempDir
    static Path work;

    static MockCluster cluster;
    KubernetesClient client;
    KubernetesSpawner spawner;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start(work);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void cleanUp() {
        cluster.kubelet().failPullsOf(image -> false);
        cluster.kubelet().noNodeWith(Set.of());
        cluster.faults().clearFaults();
        cluster.network().comeBack();
        spawner.close();
        client.close();
    }

    private KubernetesSpawner spawner(KubernetesSpawnerSettings settings) {
        client = cluster.newClient();
        spawner = new KubernetesSpawner(client, settings, Duration.ofSeconds(10));
        return spawner;
    }

    private void assertNothingLeftOf(String pod) {
        assertThat(cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(pod).get()).isNull();
        assertThat(cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE).withName(pod + "-token").get()).isNull();
    }

    private static long millisOf(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    void anImageThatCannotBePulledFailsTheStartAtOnce() {
        cluster.kubelet().failPullsOf(image -> image.contains("does-not-exist"));
        spawner(TestPods.settings().image("registry.example.org/does-not-exist:1", "IfNotPresent", List.of()).build());

        long millis = millisOf(() -> assertThatThrownBy(() -> spawner.start(TestPods.request("erin"), (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessageContaining("Failed to pull image \"registry.example.org/does-not-exist:1\"")
                .hasMessageContaining("not found"));

        assertThat(millis).isLessThan(AT_ONCE.toMillis());
        assertNothingLeftOf("jupyter-erin");
    }

    @Test
    void startsWaitingForTheirPodsHoldNoThreadEach() throws Exception {
        int starts = 100;
        cluster.kubelet().noNodeWith(Set.of("nvidia.com/gpu"));
        spawner(TestPods.settings().apiConcurrency(4).defaults(Overrides.builder().extraResources(Map.of("nvidia.com/gpu", "1")).build())
                .timing(new KubernetesSpawnerSettings.Timing(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(10),
                        Duration.ofMillis(300))).build());
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<StartedServer>> started = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            String user = "waiting-" + i;
            started.add(spawner.startAsync(TestPods.request(user), (percent, message) -> {
                if (message.endsWith("(waiting up to 60 s for a node)")) {
                    waiting.add(user);
                }
            }, task -> {
                throw new AssertionError("nothing failed, so nothing should need cleaning up");
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> waiting.size() == starts);

        assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore).isLessThan(starts / 2);
        assertThat(started).noneMatch(CompletableFuture::isDone);
        spawner.close();
        assertThat(started).allMatch(CompletableFuture::isCompletedExceptionally);
        cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withLabel(ServerObjects.COMPONENT, ServerObjects.SERVER_COMPONENT)
                .withGracePeriod(0).delete();
    }

    @Test
    void aPodNoNodeCanTakeFailsTheStartAtOnceWithTheSchedulersReason() {
        cluster.kubelet().noNodeWith(Set.of("nvidia.com/gpu"));
        spawner(TestPods.settings().defaults(Overrides.builder().extraResources(Map.of("nvidia.com/gpu", "1")).build()).build());

        long millis = millisOf(() -> assertThatThrownBy(() -> spawner.start(TestPods.request("frank"), (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessageStartingWith("The pod cannot be scheduled: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu."));

        assertThat(millis).isLessThan(AT_ONCE.toMillis());
        assertNothingLeftOf("jupyter-frank");
    }

    @Test
    void anUnschedulablePodMayWaitForAnAutoscalerWithinItsGrace() {
        cluster.kubelet().noNodeWith(Set.of("nvidia.com/gpu"));
        spawner(TestPods.settings().defaults(Overrides.builder().extraResources(Map.of("nvidia.com/gpu", "1")).build())
                .timing(new KubernetesSpawnerSettings.Timing(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(10),
                        Duration.ofMillis(300))).build());
        List<String> progress = new CopyOnWriteArrayList<>();

        long millis = millisOf(() -> assertThatThrownBy(() -> spawner.start(TestPods.request("frank"), (p, m) -> progress.add(m)))
                .hasMessageContaining("Insufficient nvidia.com/gpu"));

        assertThat(millis).isBetween(2000L, AT_ONCE.toMillis());
        assertThat(progress).anyMatch(m -> m.endsWith("(waiting up to 2 s for a node)"));
    }

    /**
     * The kubelet reports the container running as soon as it started it, so whether the crash is
     * seen by the start or by the first poll after it is a race, as on a real node; either way it is
     * reported at once, with the exit status and the server's own last words.
     */
    @Test
    void aServerThatCrashesIsReportedAtOnceWithItsExitStatusAndLog() throws Exception {
        spawner(TestPods.settings("--fail", "3").build());
        long begin = System.nanoTime();

        String report;
        try {
            StartedServer started = spawner.start(TestPods.request("gina"), (p, m) -> { });
            await().atMost(AT_ONCE).until(() -> !spawner.poll(started.state()).running());
            report = spawner.poll(started.state()).reason() + "\n" + String.join("\n", spawner.logTail(started.state(), 5));
            spawner.stop(started.state(), Duration.ofSeconds(1));
        } catch (SpawnException e) {
            report = e.getMessage();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(AT_ONCE);
        assertThat(report).containsAnyOf("keeps crashing (CrashLoopBackOff)", "exited during the start")
                .contains("last exited with status 3 (Error)")
                .contains("fake singleuser: cannot start: told to fail");
        assertNothingLeftOf("jupyter-gina");
    }

    @Test
    void aQuotaRefusalFailsTheStartAtOnceWithTheApiServersMessage() {
        String refusal = "pods \"jupyter-hank\" is forbidden: exceeded quota: compute-resources, requested: limits.cpu=2,"
                + " used: limits.cpu=4, limited: limits.cpu=4";
        cluster.faults().fail("POST", "/api/v1/namespaces/callisto/pods", 403, "Forbidden", refusal, 1);
        spawner(TestPods.settings().build());

        long millis = millisOf(() -> assertThatThrownBy(() -> spawner.start(TestPods.request("hank"), (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessage("Cannot create the pod for hank's server: " + refusal));

        assertThat(millis).isLessThan(AT_ONCE.toMillis());
        assertNothingLeftOf("jupyter-hank");
    }

    @Test
    void anApiServerThatAnswers503OrDropsOutDuringAStartIsRiddenOut() throws Exception {
        cluster.faults().fail("POST", "/api/v1/namespaces/callisto/secrets", 503, "ServiceUnavailable", "etcd is overloaded", 3);
        spawner(TestPods.settings().build());
        CompletableFuture<StartedServer> start = CompletableFuture.supplyAsync(() -> {
            try {
                return spawner.start(TestPods.request("ivy"), (p, m) -> { });
            } catch (SpawnException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(AT_ONCE).until(() -> cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE)
                .withName("jupyter-ivy-token").get() != null);

        cluster.network().goDown();
        await().atMost(AT_ONCE).until(() -> spawner.watchHealth().errors() > 0 || !spawner.watchHealth().watching());
        cluster.network().comeBack();

        StartedServer started = start.get();
        assertThat(TestPods.awaitAnswer(started.url())).isEqualTo("fake singleuser");
        spawner.stop(started.state(), Duration.ofSeconds(2));
        assertNothingLeftOf("jupyter-ivy");
    }

    @Test
    void optionsNoProfileAllowsAreRefusedBeforeAnythingIsCreated() {
        spawner(TestPods.settings().profiles(List.of(new Profile("small", "Small", "", true, Overrides.NONE, List.of()))).build());

        assertThatThrownBy(() -> spawner.start(TestPods.request("jill", "", Map.of("profile", "huge")), (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessage("Unknown profile 'huge'; choose one of: small");
        assertNothingLeftOf("jupyter-jill");
    }
}
