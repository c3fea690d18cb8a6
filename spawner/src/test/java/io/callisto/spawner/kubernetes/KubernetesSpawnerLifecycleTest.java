package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.spawner.api.ServerStatus;
import io.callisto.spawner.api.SpawnException;
import io.callisto.spawner.api.StartedServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod's whole life through the spawner, against the mock API server and the simulated kubelet. */
class KubernetesSpawnerLifecycleTest {

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
    void closeSpawner() {
        if (spawner != null) {
            spawner.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private KubernetesSpawner spawner(KubernetesSpawnerSettings settings) {
        client = cluster.newClient();
        spawner = new KubernetesSpawner(client, settings, Duration.ofSeconds(10));
        return spawner;
    }

    private Pod pod(String name) {
        return cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(name).get();
    }

    @Test
    void aStartedPodRunsTheServerWithTheTokenFromItsSecretAndStopsForGood() throws Exception {
        spawner(TestPods.settings().build());
        List<String> progress = new CopyOnWriteArrayList<>();
        List<Integer> percents = new CopyOnWriteArrayList<>();
        StartedServer started = spawner.start(TestPods.request("alice"), (percent, message) -> {
            percents.add(percent);
            progress.add(message);
        });

        assertThat(started.url().toString()).matches("http://127\\.1\\.\\d+\\.\\d+:8888/user/alice/");
        assertThat(TestPods.awaitAnswer(started.url())).isEqualTo("fake singleuser");
        assertThat(TestPods.get(started.url().resolve("env"))).contains("JUPYTERHUB_API_TOKEN=" + TestPods.TOKEN + "\n");
        assertThat(progress).startsWith("Creating pod jupyter-alice in namespace callisto")
                .anyMatch(m -> m.startsWith("Successfully assigned callisto/jupyter-alice to "))
                .endsWith("Pod jupyter-alice is running at " + started.url().getHost());
        assertThat(percents).isSorted().last().isEqualTo(55);

        Pod pod = pod("jupyter-alice");
        assertThat(pod.getSpec().getContainers().get(0).getEnv()).filteredOn(v -> v.getName().equals("JUPYTERHUB_API_TOKEN"))
                .singleElement().satisfies(v -> {
                    assertThat(v.getValue()).isNull();
                    assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("jupyter-alice-token");
                });
        assertThat(pod.getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getValue).doesNotContain(TestPods.TOKEN);
        var secret = cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE).withName("jupyter-alice-token").get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(pod.getMetadata().getUid()));
        assertThat(spawner.poll(started.state())).isEqualTo(ServerStatus.RUNNING);

        Process process = cluster.kubelet().process(MockCluster.NAMESPACE, "jupyter-alice").orElseThrow();
        spawner.stop(started.state(), Duration.ofSeconds(5));

        assertThat(pod("jupyter-alice")).isNull();
        assertThat(cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE).withName("jupyter-alice-token").get()).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !process.isAlive());
        assertThat(spawner.poll(started.state())).isEqualTo(ServerStatus.stopped(null, "its pod jupyter-alice was deleted"));
        spawner.stop(started.state(), Duration.ofSeconds(5));
    }

    @Test
    void startsBeyondTheApiConcurrencyCreateTheirPodsOnlyOnceTheStartBeforeHasCreatedItsSecret() throws Exception {
        spawner(TestPods.settings().apiConcurrency(1).build());
        cluster.faults().fail("POST", "/api/v1/namespaces/callisto/secrets", 503, "ServiceUnavailable", "etcd is overloaded", 2);
        List<String> firstProgress = new CopyOnWriteArrayList<>();
        List<Boolean> firstSecretThereWhenSecondCreated = new CopyOnWriteArrayList<>();
        CompletableFuture<StartedServer> first = CompletableFuture.supplyAsync(() -> start("dora", firstProgress::add));
        await().atMost(Duration.ofSeconds(30)).until(() -> firstProgress.contains("Creating pod jupyter-dora in namespace callisto"));

        StartedServer second = start("eli", message -> {
            if (message.startsWith("Creating pod")) {
                firstSecretThereWhenSecondCreated.add(
                        cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE).withName("jupyter-dora-token").get() != null);
            }
        });

        assertThat(firstSecretThereWhenSecondCreated).containsExactly(true);
        assertThat(TestPods.awaitAnswer(first.get(30, TimeUnit.SECONDS).url())).isEqualTo("fake singleuser");
        assertThat(TestPods.awaitAnswer(second.url())).isEqualTo("fake singleuser");
        spawner.stop(first.get().state(), Duration.ofSeconds(5));
        spawner.stop(second.state(), Duration.ofSeconds(5));
    }

    private StartedServer start(String user, Consumer<String> progress) {
        try {
            return spawner.start(TestPods.request(user), (percent, message) -> progress.accept(message));
        } catch (SpawnException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theUsersClaimIsMadeOnceAndMountedAtEveryStart() throws Exception {
        var storage = new KubernetesSpawnerSettings.Storage(true, "claim-{user}", java.util.Optional.of("fast"), "5Gi",
                List.of("ReadWriteOnce"), "/home/jovyan", false);
        spawner(TestPods.settings().storage(storage).build());
        List<String> progress = new CopyOnWriteArrayList<>();

        StartedServer first = spawner.start(TestPods.request("bob"), (percent, message) -> progress.add(message));
        String claimUid = cluster.admin().persistentVolumeClaims().inNamespace(MockCluster.NAMESPACE).withName("claim-bob").get()
                .getMetadata().getUid();
        assertThat(TestPods.awaitAnswer(first.url().resolve("cwd")))
                .isEqualTo(cluster.kubelet().volume(MockCluster.NAMESPACE, "claim-bob").toString());
        spawner.stop(first.state(), Duration.ofSeconds(5));
        StartedServer second = spawner.start(TestPods.request("bob"), (percent, message) -> progress.add(message));

        assertThat(progress).contains("Created volume claim claim-bob", "Using volume claim claim-bob");
        assertThat(cluster.admin().persistentVolumeClaims().inNamespace(MockCluster.NAMESPACE).withName("claim-bob").get()
                .getMetadata().getUid()).isEqualTo(claimUid);
        spawner.stop(second.state(), Duration.ofSeconds(5));
    }

    @Test
    void aPodDeletedBehindTheHubsBackIsReportedStoppedAndItsProcessKilled() throws Exception {
        spawner(TestPods.settings().build());
        StartedServer started = spawner.start(TestPods.request("carol"), (percent, message) -> { });
        Process process = cluster.kubelet().process(MockCluster.NAMESPACE, "jupyter-carol").orElseThrow();

        cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName("jupyter-carol").delete();

        await().atMost(Duration.ofSeconds(5)).until(() -> !spawner.poll(started.state()).running());
        assertThat(spawner.poll(started.state()).reason()).isEqualTo("its pod jupyter-carol was deleted");
        await().atMost(Duration.ofSeconds(5)).until(() -> !process.isAlive());
        spawner.stop(started.state(), Duration.ofSeconds(1));
        assertThat(cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE).withName("jupyter-carol-token").get()).isNull();
    }

    @Test
    void aServerThatExitsAfterItStartedIsReportedWithItsExitStatus() throws Exception {
        spawner(TestPods.settings().build());
        StartedServer started = spawner.start(TestPods.request("dan"), (percent, message) -> { });
        TestPods.awaitAnswer(started.url());

        assertThat(TestPods.get(started.url().resolve("exit/0"))).isEqualTo("exiting");

        await().atMost(Duration.ofSeconds(5)).until(() -> !spawner.poll(started.state()).running());
        ServerStatus status = spawner.poll(started.state());
        assertThat(status.exitCode()).contains(0);
        assertThat(status.reason()).startsWith("the pod succeeded");
        spawner.stop(started.state(), Duration.ofSeconds(1));
        assertThat(pod("jupyter-dan")).isNull();
    }

    @Test
    void stoppingAServerThatIsGoneOrNotOursDoesNothing() {
        spawner(TestPods.settings().build());
        spawner.stop(io.callisto.spawner.api.ServerState.EMPTY, Duration.ofSeconds(1));
        spawner.stop(new KubernetesServerState(MockCluster.NAMESPACE, "jupyter-nobody", "no-such-uid", "jupyter-nobody-token",
                java.util.Optional.empty()).toServerState(), Duration.ofSeconds(1));
        assertThat(spawner.poll(io.callisto.spawner.api.ServerState.EMPTY).running()).isFalse();
        assertThat(spawner.poll(new io.callisto.spawner.api.ServerState(Map.of("pid", "12"))).reason())
                .isEqualTo("no pod is recorded for this server");
    }

    @Test
    void anAwkwardUserNameGetsASafePodNameAndKeepsItsRawNameInAnAnnotation() throws Exception {
        spawner(TestPods.settings().build());
        String user = "Ünïcode@example.org";

        StartedServer started = spawner.start(TestPods.request(user, "my lab", Map.of()), (percent, message) -> { });

        Pod pod = pod("jupyter-unicode-example-org---9f7062f1--my-lab---" + KubernetesNames.hash("my lab"));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(ServerObjects.USER_NAME, user)
                .containsEntry(ServerObjects.SERVER_NAME, "my lab");
        assertThat(TestPods.awaitAnswer(started.url())).isEqualTo("fake singleuser");
        spawner.stop(started.state(), Duration.ofSeconds(2));
    }

    @Test
    void perUserNamespacesAreMadeWithTheirQuotaAndLimitsAndDeletedWithTheUserWhenConfigured() throws Exception {
        var storage = new KubernetesSpawnerSettings.Storage(true, "claim-{user}", java.util.Optional.empty(), "1Gi",
                List.of("ReadWriteOnce"), "/home/jovyan", true);
        var namespaces = new KubernetesSpawnerSettings.UserNamespaces(true, "callisto-{user}", Map.of("pods", "2"),
                Map.of("memory", "1Gi"), Map.of(), Map.of());
        spawner(TestPods.settings().storage(storage).userNamespaces(namespaces).build());

        StartedServer started = spawner.start(TestPods.request("quinn"), (percent, message) -> { });

        assertThat(started.state().values()).containsEntry("namespace", "callisto-quinn");
        assertThat(cluster.admin().resourceQuotas().inNamespace("callisto-quinn").withName(UserObjects.QUOTA).get()
                .getSpec().getHard()).containsOnlyKeys("pods");
        assertThat(cluster.admin().limitRanges().inNamespace("callisto-quinn").withName(UserObjects.LIMITS).get()).isNotNull();
        assertThat(TestPods.awaitAnswer(started.url())).isEqualTo("fake singleuser");
        spawner.stop(started.state(), Duration.ofSeconds(2));

        spawner.forgetUser("quinn");

        assertThat(cluster.admin().persistentVolumeClaims().inNamespace("callisto-quinn").withName("claim-quinn").get()).isNull();
        assertThat(cluster.admin().namespaces().withName("callisto-quinn").get()).isNull();
    }

    @Test
    void podsAddressedByServiceGetOneOwnedByThem() throws Exception {
        spawner(TestPods.settings().addressing(KubernetesSpawnerSettings.Addressing.SERVICE, "cluster.local").build());

        StartedServer started = spawner.start(TestPods.request("rosa"), (percent, message) -> { });

        assertThat(started.url().toString()).isEqualTo("http://jupyter-rosa.callisto.svc.cluster.local:8888/user/rosa/");
        var service = cluster.admin().services().inNamespace(MockCluster.NAMESPACE).withName("jupyter-rosa").get();
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(started.state().values().get("uid")));
        spawner.stop(started.state(), Duration.ofSeconds(2));
        assertThat(cluster.admin().services().inNamespace(MockCluster.NAMESPACE).withName("jupyter-rosa").get()).isNull();
    }

    @Test
    void aLeftoverPodOfTheSameNameIsReplacedByTheNewStart() throws Exception {
        spawner(TestPods.settings().build());
        StartedServer first = spawner.start(TestPods.request("sven"), (percent, message) -> { });
        spawner.close();
        client.close();
        spawner(TestPods.settings().build());

        StartedServer second = spawner.start(TestPods.request("sven"), (percent, message) -> { });

        assertThat(second.state().values().get("uid")).isNotEqualTo(first.state().values().get("uid"));
        assertThat(pod("jupyter-sven").getMetadata().getUid()).isEqualTo(second.state().values().get("uid"));
        assertThat(TestPods.awaitAnswer(second.url())).isEqualTo("fake singleuser");
        spawner.stop(second.state(), Duration.ofSeconds(2));
    }
}
