package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.spawner.api.ServerStatus;
import io.callisto.spawner.api.StartedServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a hub restart, what is cleaned up after one, and watches that die. */
class KubernetesSpawnerRecoveryTest {

    @TempDir
    static Path work;

    static MockCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start(work);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static boolean podExists(String name) {
        return cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(name).get() != null;
    }

    @Test
    void aRestartedHubAdoptsRecordedPodsNoticesVanishedOnesAndRemovesOrphans() throws Exception {
        KubernetesSpawnerSettings settings = TestPods.settings().build();
        StartedServer kept;
        StartedServer vanished;
        StartedServer orphan;
        try (KubernetesClient client = cluster.newClient();
                KubernetesSpawner before = new KubernetesSpawner(client, settings, Duration.ofSeconds(10))) {
            kept = before.start(TestPods.request("kim"), (p, m) -> { });
            vanished = before.start(TestPods.request("lou"), (p, m) -> { });
            orphan = before.start(TestPods.request("max", "lab", Map.of()), (p, m) -> { });
        }
        cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName("jupyter-lou").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> !podExists("jupyter-lou"));

        try (KubernetesClient client = cluster.newClient();
                KubernetesSpawner after = new KubernetesSpawner(client, settings, Duration.ofSeconds(10))) {
            assertThat(after.poll(kept.state())).isEqualTo(ServerStatus.RUNNING);
            assertThat(TestPods.awaitAnswer(kept.url())).isEqualTo("fake singleuser");
            assertThat(after.poll(vanished.state()).reason()).isEqualTo("its pod jupyter-lou was deleted");

            List<String> removed = after.removeOrphans(List.of(kept.state(), vanished.state()));

            assertThat(removed).containsExactly("pod callisto/jupyter-max--lab of user max");
            await().atMost(Duration.ofSeconds(5)).until(() -> !after.poll(orphan.state()).running());
            assertThat(podExists("jupyter-max--lab")).isFalse();
            assertThat(cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE).withName("jupyter-max--lab-token").get()).isNull();
            assertThat(podExists("jupyter-kim")).isTrue();
            assertThat(after.removeOrphans(List.of(kept.state()))).isEmpty();
            after.stop(kept.state(), Duration.ofSeconds(2));
        }
    }

    @Test
    void podsOfAnotherHubInstanceAreNeitherWatchedNorRemoved() throws Exception {
        try (KubernetesClient client = cluster.newClient();
                KubernetesSpawner other = new KubernetesSpawner(client, TestPods.settings().instance("other-hub")
                        .podNameTemplate("other-{user}").build(), Duration.ofSeconds(10));
                KubernetesSpawner ours = new KubernetesSpawner(client, TestPods.settings().build(), Duration.ofSeconds(10))) {
            StartedServer theirs = other.start(TestPods.request("nia"), (p, m) -> { });

            assertThat(ours.removeOrphans(List.of())).isEmpty();
            assertThat(ours.poll(theirs.state()).reason()).isEqualTo("its pod other-nia was deleted");
            assertThat(podExists("other-nia")).isTrue();
            other.stop(theirs.state(), Duration.ofSeconds(2));
        }
    }

    /**
     * A watch whose connection stops delivering without closing looks healthy to fabric8; the
     * spawner's check against a fresh list finds it stale, restarts it, and counts it.
     */
    @Test
    void aWatchThatGoesSilentIsFoundStaleAndRestarted() throws Exception {
        try (KubernetesClient client = cluster.newClient();
                KubernetesSpawner spawner = new KubernetesSpawner(client, TestPods.settings().build(), Duration.ofSeconds(10))) {
            StartedServer started = spawner.start(TestPods.request("olga"), (p, m) -> { });
            assertThat(cluster.network().freezeWatches()).isGreaterThanOrEqualTo(2);

            cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName("jupyter-olga").delete();

            await().atMost(Duration.ofSeconds(10)).until(() -> !spawner.poll(started.state()).running());
            WatchHealth health = spawner.watchHealth();
            assertThat(health.staleDetections()).isGreaterThanOrEqualTo(1);
            assertThat(health.restarts()).isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> spawner.watchHealth().watching());
        }
    }

    /**
     * While the API server is out of reach fabric8 keeps reconnecting and calls the watch watching;
     * the spawner stops trusting the cache (polls then never call a server stopped), and replaces the
     * watch once the API server answers, which shows what changed meanwhile.
     */
    @Test
    void whileTheApiServerIsOutOfReachPollsNeverGuessAndAfterwardsTheWatchCatchesUp() throws Exception {
        try (KubernetesClient client = cluster.newClient();
                KubernetesSpawner spawner = new KubernetesSpawner(client, TestPods.settings().build(), Duration.ofSeconds(10))) {
            StartedServer started = spawner.start(TestPods.request("pia"), (p, m) -> { });

            cluster.network().goDown();
            cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName("jupyter-pia").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> !spawner.watchHealth().watching());
            assertThat(spawner.poll(started.state())).isEqualTo(ServerStatus.RUNNING);
            long restartsBefore = spawner.watchHealth().restarts();
            cluster.network().comeBack();

            await().atMost(Duration.ofSeconds(10)).until(() -> !spawner.poll(started.state()).running());
            assertThat(spawner.poll(started.state()).reason()).isEqualTo("its pod jupyter-pia was deleted");
            assertThat(spawner.watchHealth().restarts()).isGreaterThan(restartsBefore);
            await().atMost(Duration.ofSeconds(10)).until(() -> spawner.watchHealth().watching());
            spawner.stop(started.state(), Duration.ofSeconds(2));
        }
    }
}
