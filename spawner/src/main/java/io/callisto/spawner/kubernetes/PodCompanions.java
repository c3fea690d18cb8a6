package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects that live and die with a server's pod: the Secret holding its token and, when pods
 * are addressed by Service, its Service. Both name the pod as their owner, so Kubernetes' garbage
 * collector deletes them with it; the spawner also deletes them when it stops the pod. Pure
 * functions of their inputs.
 */
public final class PodCompanions {

    private PodCompanions() {
    }

    /**
     * The Secret with the request's {@link PodFactory#SECRET_VARIABLES token variables}, one key
     * per variable, owned by the created pod (whose uid the API assigned).
     */
    public static Secret secret(ServerObjects objects, Map<String, String> environment, Pod owner) {
        Map<String, String> data = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (PodFactory.SECRET_VARIABLES.contains(name)) {
                data.put(name, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(objects.secret())
                    .withNamespace(objects.namespace())
                    .withLabels(new TreeMap<>(objects.labels()))
                    .withAnnotations(new TreeMap<>(objects.annotations()))
                    .withOwnerReferences(ownedBy(owner))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** A ClusterIP Service named like the pod, selecting it by its user and server labels, owned by it. */
    public static Service service(KubernetesSpawnerSettings settings, ServerObjects objects, Pod owner) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(objects.pod())
                    .withNamespace(objects.namespace())
                    .withLabels(new TreeMap<>(objects.labels()))
                    .withAnnotations(new TreeMap<>(objects.annotations()))
                    .withOwnerReferences(ownedBy(owner))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(new TreeMap<>(objects.labels()))
                    .addNewPort().withName("notebook").withPort(settings.port()).withNewTargetPort(settings.port())
                        .withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /** The address of a server's Service: {@code <pod>.<namespace>.svc.<cluster domain>}. */
    public static String serviceHost(KubernetesSpawnerSettings settings, ServerObjects objects) {
        return objects.pod() + "." + objects.namespace() + ".svc." + settings.clusterDomain();
    }

    static OwnerReference ownedBy(Pod owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(false)
                .build();
    }
}
