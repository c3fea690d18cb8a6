package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pod of one server, as a pure function of the settings, the server's objects, its request and
 * the overrides its profile selected. Nothing here talks to the API.
 *
 * <p>The pod runs the single-user image with JupyterHub's single-user environment, except that the
 * {@link #SECRET_VARIABLES token variables} come from the server's Secret; as a non-root user,
 * with every capability dropped, no privilege escalation, the {@code RuntimeDefault} seccomp
 * profile, no service-account token unless configured, and no service links (which would leak
 * every Service of the namespace into its environment). {@code restartPolicy} is
 * {@code OnFailure}, as KubeSpawner's: a crash shows as restarts and {@code CrashLoopBackOff}.
 */
public final class PodFactory {

    /** The single-user container's name. */
    public static final String CONTAINER = "notebook";
    /** The volume of the user's claim. */
    public static final String HOME_VOLUME = "home";
    /** Variables that hold the server's token: passed through its Secret, never in the pod's spec. */
    public static final Set<String> SECRET_VARIABLES = Set.of("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN");
    static final String SERVICE_URL = "JUPYTERHUB_SERVICE_URL";

    private PodFactory() {
    }

    /**
     * @param environment the request's environment (with the token variables, which go by reference)
     * @param overrides   the settings' defaults followed by the profile selection's overrides
     */
    public static Pod desired(KubernetesSpawnerSettings settings, ServerObjects objects, String servicePrefix,
            Map<String, String> environment, Overrides overrides) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(objects.pod())
                    .withNamespace(objects.namespace())
                    .withLabels(new TreeMap<>(objects.labels()))
                    .withAnnotations(new TreeMap<>(objects.annotations()))
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("OnFailure")
                    .withAutomountServiceAccountToken(settings.mountServiceAccountToken())
                    .withServiceAccountName(settings.serviceAccount().orElse(null))
                    .withEnableServiceLinks(false)
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(settings.uid())
                        .withRunAsGroup(settings.gid())
                        .withFsGroup(settings.fsGroup())
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .withImagePullSecrets(settings.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                    .withNodeSelector(overrides.nodeSelector().isEmpty() ? null : new TreeMap<>(overrides.nodeSelector()))
                    .withTolerations(copies(overrides.tolerations()))
                    .withAffinity(overrides.affinity().map(a -> new AffinityBuilder(a).build()).orElse(null))
                    .withInitContainers(overrides.initContainers().stream().map(c -> new ContainerBuilder(c).build()).toList())
                    .withContainers(container(settings, objects, servicePrefix, environment, overrides))
                    .withVolumes(volumes(objects, overrides))
                .endSpec()
                .build();
    }

    private static Container container(KubernetesSpawnerSettings settings, ServerObjects objects, String servicePrefix,
            Map<String, String> environment, Overrides overrides) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(overrides.image().orElse(settings.image()))
                .withImagePullPolicy(settings.imagePullPolicy())
                .withArgs(settings.args())
                .addNewPort().withName("notebook-port").withContainerPort(settings.port()).withProtocol("TCP").endPort()
                .withEnv(environment(settings, objects, servicePrefix, environment, overrides))
                .withResources(resources(overrides))
                .withNewSecurityContext()
                    .withRunAsNonRoot(true)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withVolumeMounts(mounts(settings, objects, overrides))
                .build();
    }

    /** Sorted by name; the token variables refer to the Secret; {@code JUPYTERHUB_SERVICE_URL} binds every address of the pod. */
    private static List<EnvVar> environment(KubernetesSpawnerSettings settings, ServerObjects objects, String servicePrefix,
            Map<String, String> request, Overrides overrides) {
        TreeMap<String, String> values = new TreeMap<>(request);
        values.putAll(overrides.environment());
        values.put(SERVICE_URL, "http://0.0.0.0:" + settings.port() + servicePrefix);
        List<EnvVar> variables = new ArrayList<>();
        values.forEach((name, value) -> variables.add(SECRET_VARIABLES.contains(name)
                ? new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                        .withName(objects.secret()).withKey(name).endSecretKeyRef().endValueFrom().build()
                : new EnvVar(name, value, null)));
        return variables;
    }

    /** Guarantees are requests, limits are limits; extended resources are both, as Kubernetes requires. */
    private static ResourceRequirements resources(Overrides overrides) {
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        overrides.cpuGuarantee().ifPresent(value -> requests.put("cpu", new Quantity(value)));
        overrides.memoryGuarantee().ifPresent(value -> requests.put("memory", new Quantity(value)));
        overrides.cpuLimit().ifPresent(value -> limits.put("cpu", new Quantity(value)));
        overrides.memoryLimit().ifPresent(value -> limits.put("memory", new Quantity(value)));
        overrides.extraResources().forEach((name, value) -> {
            requests.put(name, new Quantity(value));
            limits.put(name, new Quantity(value));
        });
        return new ResourceRequirementsBuilder()
                .withRequests(requests.isEmpty() ? null : requests)
                .withLimits(limits.isEmpty() ? null : limits)
                .build();
    }

    private static List<Volume> volumes(ServerObjects objects, Overrides overrides) {
        List<Volume> volumes = new ArrayList<>();
        objects.claim().ifPresent(claim -> volumes.add(new VolumeBuilder().withName(HOME_VOLUME)
                .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build()));
        overrides.volumes().forEach(volume -> volumes.add(new VolumeBuilder(volume).build()));
        return volumes;
    }

    private static List<VolumeMount> mounts(KubernetesSpawnerSettings settings, ServerObjects objects, Overrides overrides) {
        List<VolumeMount> mounts = new ArrayList<>();
        Optional<String> claim = objects.claim();
        claim.ifPresent(name -> mounts.add(new VolumeMountBuilder().withName(HOME_VOLUME)
                .withMountPath(settings.storage().mountPath()).build()));
        overrides.volumeMounts().forEach(mount -> mounts.add(new VolumeMountBuilder(mount).build()));
        return mounts;
    }

    private static List<Toleration> copies(List<Toleration> tolerations) {
        return tolerations.stream().map(t -> new TolerationBuilder(t).build()).toList();
    }
}
