package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The desired objects, compared whole with what a reviewer would write by hand (as KubeSpawner's
 * {@code test_make_simplest_pod} does). Compared as YAML, so that a difference reads as one.
 */
class PodFactoryTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "JUPYTERHUB_API_TOKEN", "the-token",
            "JPY_API_TOKEN", "the-token",
            "JUPYTERHUB_USER", "alice",
            "JUPYTERHUB_SERVICE_PREFIX", "/user/alice/");

    static void assertSameYaml(HasMetadata actual, String expectedYaml) {
        Object expected = Serialization.unmarshal(expectedYaml, actual.getClass());
        assertThat(Serialization.asYaml(actual)).isEqualTo(Serialization.asYaml(expected));
    }

    @Test
    void theSimplestPodIsLockedDownAndTakesItsTokenFromTheSecret() {
        KubernetesSpawnerSettings settings = KubernetesSpawnerSettings.builder("jhub").build();
        ServerObjects objects = ServerObjects.of(settings, "alice", "");

        Pod pod = PodFactory.desired(settings, objects, "/user/alice/", ENVIRONMENT, settings.defaults());

        assertSameYaml(pod, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: jupyter-alice
                  namespace: jhub
                  labels:
                    app.kubernetes.io/component: singleuser-server
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/server: ""
                    hub.callisto.io/user: alice
                  annotations:
                    hub.callisto.io/servername: ""
                    hub.callisto.io/username: alice
                spec:
                  restartPolicy: OnFailure
                  automountServiceAccountToken: false
                  enableServiceLinks: false
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 1000
                    runAsGroup: 100
                    fsGroup: 100
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                  - name: notebook
                    image: quay.io/jupyter/base-notebook:latest
                    imagePullPolicy: IfNotPresent
                    args: [jupyterhub-singleuser]
                    ports:
                    - name: notebook-port
                      containerPort: 8888
                      protocol: TCP
                    env:
                    - name: JPY_API_TOKEN
                      valueFrom:
                        secretKeyRef: {name: jupyter-alice-token, key: JPY_API_TOKEN}
                    - name: JUPYTERHUB_API_TOKEN
                      valueFrom:
                        secretKeyRef: {name: jupyter-alice-token, key: JUPYTERHUB_API_TOKEN}
                    - {name: JUPYTERHUB_SERVICE_PREFIX, value: /user/alice/}
                    - {name: JUPYTERHUB_SERVICE_URL, value: "http://0.0.0.0:8888/user/alice/"}
                    - {name: JUPYTERHUB_USER, value: alice}
                    resources: {}
                    securityContext:
                      runAsNonRoot: true
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: [ALL]
                """);
    }

    @Test
    void aGpuProfileWithStorageAndAServiceAccountChangesExactlyWhatItSays() {
        KubernetesSpawnerSettings settings = KubernetesSpawnerSettings.builder("jhub")
                .serviceAccount("notebooks", true)
                .image("quay.io/jupyter/base-notebook:2025-01-06", "Always", List.of("registry-credentials"))
                .storage(new KubernetesSpawnerSettings.Storage(true, "claim-{user}", Optional.of("fast"), "10Gi",
                        List.of("ReadWriteOnce"), "/home/jovyan", false))
                .defaults(Overrides.builder().cpu("100m", null).memory("512Mi", "1Gi").environment(Map.of("TZ", "UTC")).build())
                .build();
        Overrides gpu = Overrides.builder()
                .image("quay.io/jupyter/pytorch-notebook:cuda12-2025-01-06")
                .cpu("2", "4")
                .memory("8Gi", "16Gi")
                .extraResources(Map.of("nvidia.com/gpu", "1"))
                .nodeSelector(Map.of("accelerator", "a100"))
                .tolerations(List.of(new TolerationBuilder().withKey("nvidia.com/gpu").withOperator("Exists")
                        .withEffect("NoSchedule").build()))
                .environment(Map.of("CUDA_CACHE_PATH", "/tmp/cuda"))
                .volumes(List.of(new VolumeBuilder().withName("datasets").withNewPersistentVolumeClaim()
                        .withClaimName("datasets").withReadOnly(true).endPersistentVolumeClaim().build()))
                .volumeMounts(List.of(new VolumeMountBuilder().withName("datasets").withMountPath("/data").withReadOnly(true).build()))
                .initContainers(List.of(new ContainerBuilder().withName("fetch").withImage("busybox:1.36")
                        .withCommand("true").build()))
                .build();
        ServerObjects objects = ServerObjects.of(settings, "a_b", "lab");

        Pod pod = PodFactory.desired(settings, objects, "/user/a_b/lab/", Map.of("JUPYTERHUB_API_TOKEN", "t"),
                settings.defaults().then(gpu));

        assertSameYaml(pod, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: jupyter-a-b---648fa9b3--lab
                  namespace: jhub
                  labels:
                    app.kubernetes.io/component: singleuser-server
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/server: lab
                    hub.callisto.io/user: a-b---648fa9b3
                  annotations:
                    hub.callisto.io/servername: lab
                    hub.callisto.io/username: a_b
                spec:
                  restartPolicy: OnFailure
                  automountServiceAccountToken: true
                  serviceAccountName: notebooks
                  enableServiceLinks: false
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 1000
                    runAsGroup: 100
                    fsGroup: 100
                    seccompProfile: {type: RuntimeDefault}
                  imagePullSecrets: [{name: registry-credentials}]
                  nodeSelector: {accelerator: a100}
                  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                  initContainers:
                  - {name: fetch, image: "busybox:1.36", command: ["true"]}
                  containers:
                  - name: notebook
                    image: quay.io/jupyter/pytorch-notebook:cuda12-2025-01-06
                    imagePullPolicy: Always
                    args: [jupyterhub-singleuser]
                    ports: [{name: notebook-port, containerPort: 8888, protocol: TCP}]
                    env:
                    - {name: CUDA_CACHE_PATH, value: /tmp/cuda}
                    - name: JUPYTERHUB_API_TOKEN
                      valueFrom:
                        secretKeyRef: {name: jupyter-a-b---648fa9b3--lab-token, key: JUPYTERHUB_API_TOKEN}
                    - {name: JUPYTERHUB_SERVICE_URL, value: "http://0.0.0.0:8888/user/a_b/lab/"}
                    - {name: TZ, value: UTC}
                    resources:
                      requests: {cpu: "2", memory: 8Gi, nvidia.com/gpu: "1"}
                      limits: {cpu: "4", memory: 16Gi, nvidia.com/gpu: "1"}
                    securityContext:
                      runAsNonRoot: true
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                    volumeMounts:
                    - {name: home, mountPath: /home/jovyan}
                    - {name: datasets, mountPath: /data, readOnly: true}
                  volumes:
                  - name: home
                    persistentVolumeClaim: {claimName: claim-a-b---648fa9b3}
                  - name: datasets
                    persistentVolumeClaim: {claimName: datasets, readOnly: true}
                """);
    }

    @Test
    void theSecretHoldsOnlyTheTokenAndBelongsToThePod() {
        KubernetesSpawnerSettings settings = KubernetesSpawnerSettings.builder("jhub").build();
        ServerObjects objects = ServerObjects.of(settings, "alice", "");
        Pod created = new PodBuilder().withNewMetadata().withName("jupyter-alice").withUid("0b5e-uid").endMetadata().build();

        assertSameYaml(PodCompanions.secret(objects, ENVIRONMENT, created), """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: jupyter-alice-token
                  namespace: jhub
                  labels:
                    app.kubernetes.io/component: singleuser-server
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/server: ""
                    hub.callisto.io/user: alice
                  annotations: {hub.callisto.io/servername: "", hub.callisto.io/username: alice}
                  ownerReferences:
                  - {apiVersion: v1, kind: Pod, name: jupyter-alice, uid: 0b5e-uid, controller: true, blockOwnerDeletion: false}
                type: Opaque
                data:
                  JPY_API_TOKEN: dGhlLXRva2Vu
                  JUPYTERHUB_API_TOKEN: dGhlLXRva2Vu
                """);
    }

    @Test
    void aPerPodServiceSelectsThePodAndBelongsToIt() {
        KubernetesSpawnerSettings settings = KubernetesSpawnerSettings.builder("jhub")
                .addressing(KubernetesSpawnerSettings.Addressing.SERVICE, "cluster.local").build();
        ServerObjects objects = ServerObjects.of(settings, "alice", "");
        Pod created = new PodBuilder().withNewMetadata().withName("jupyter-alice").withUid("0b5e-uid").endMetadata().build();

        assertThat(PodCompanions.serviceHost(settings, objects)).isEqualTo("jupyter-alice.jhub.svc.cluster.local");
        assertSameYaml(PodCompanions.service(settings, objects, created), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: jupyter-alice
                  namespace: jhub
                  labels:
                    app.kubernetes.io/component: singleuser-server
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/server: ""
                    hub.callisto.io/user: alice
                  annotations: {hub.callisto.io/servername: "", hub.callisto.io/username: alice}
                  ownerReferences:
                  - {apiVersion: v1, kind: Pod, name: jupyter-alice, uid: 0b5e-uid, controller: true, blockOwnerDeletion: false}
                spec:
                  type: ClusterIP
                  selector:
                    app.kubernetes.io/component: singleuser-server
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/server: ""
                    hub.callisto.io/user: alice
                  ports: [{name: notebook, port: 8888, targetPort: 8888, protocol: TCP}]
                """);
    }

    @Test
    void aUsersClaimNamespaceQuotaAndLimitsAreWhatIsConfigured() {
        KubernetesSpawnerSettings settings = KubernetesSpawnerSettings.builder("jhub")
                .storage(new KubernetesSpawnerSettings.Storage(true, "claim-{user}", Optional.empty(), "10Gi",
                        List.of("ReadWriteOnce"), "/home/jovyan", true))
                .userNamespaces(new KubernetesSpawnerSettings.UserNamespaces(true, "callisto-{user}",
                        Map.of("requests.cpu", "4", "limits.memory", "16Gi", "pods", "3"), Map.of("memory", "2Gi"),
                        Map.of("cpu", "100m"), Map.of("cpu", "4")))
                .build();
        ServerObjects objects = ServerObjects.of(settings, "Ünïcode@example.org", "");

        assertThat(objects.namespace()).isEqualTo("callisto-unicode-example-org---9f7062f1");
        assertSameYaml(UserObjects.claim(settings, objects.namespace(), objects.claim().orElseThrow(), "Ünïcode@example.org"), """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: claim-unicode-example-org---9f7062f1
                  namespace: callisto-unicode-example-org---9f7062f1
                  labels:
                    app.kubernetes.io/component: user-storage
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/user: unicode-example-org---9f7062f1
                  annotations: {hub.callisto.io/username: Ünïcode@example.org}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests: {storage: 10Gi}
                """);
        assertSameYaml(UserObjects.namespace(settings, objects.namespace(), "Ünïcode@example.org"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: callisto-unicode-example-org---9f7062f1
                  labels:
                    app.kubernetes.io/component: user-namespace
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/user: unicode-example-org---9f7062f1
                  annotations: {hub.callisto.io/username: Ünïcode@example.org}
                """);
        assertSameYaml(UserObjects.quota(settings, objects.namespace(), "Ünïcode@example.org"), """
                apiVersion: v1
                kind: ResourceQuota
                metadata:
                  name: callisto-quota
                  namespace: callisto-unicode-example-org---9f7062f1
                  labels:
                    app.kubernetes.io/component: user-namespace
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/user: unicode-example-org---9f7062f1
                spec:
                  hard: {limits.memory: 16Gi, pods: "3", requests.cpu: "4"}
                """);
        assertSameYaml(UserObjects.limitRange(settings, objects.namespace(), "Ünïcode@example.org"), """
                apiVersion: v1
                kind: LimitRange
                metadata:
                  name: callisto-limits
                  namespace: callisto-unicode-example-org---9f7062f1
                  labels:
                    app.kubernetes.io/component: user-namespace
                    app.kubernetes.io/instance: callisto
                    app.kubernetes.io/managed-by: callisto
                    app.kubernetes.io/name: callisto
                    hub.callisto.io/user: unicode-example-org---9f7062f1
                spec:
                  limits:
                  - type: Container
                    default: {memory: 2Gi}
                    defaultRequest: {cpu: 100m}
                    max: {cpu: "4"}
                """);
    }
}
