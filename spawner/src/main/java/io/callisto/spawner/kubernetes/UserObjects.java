package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a user keeps across servers and restarts: their volume claim and, when enabled, their
 * namespace with its ResourceQuota and LimitRange. Pure functions of the settings and the user name.
 */
public final class UserObjects {

    public static final String QUOTA = "callisto-quota";
    public static final String LIMITS = "callisto-limits";

    private UserObjects() {
    }

    /** The user's claim; its name comes from {@link ServerObjects#claim()}. */
    public static PersistentVolumeClaim claim(KubernetesSpawnerSettings settings, String namespace, String name, String user) {
        KubernetesSpawnerSettings.Storage storage = settings.storage();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(new TreeMap<>(ServerObjects.userLabels(settings.instance(), "user-storage", user)))
                    .withAnnotations(Map.of(ServerObjects.USER_NAME, user))
                .endMetadata()
                .withNewSpec()
                    .withAccessModes(storage.accessModes())
                    .withStorageClassName(storage.storageClass().orElse(null))
                    .withNewResources().withRequests(Map.of("storage", new Quantity(storage.capacity()))).endResources()
                .endSpec()
                .build();
    }

    public static Namespace namespace(KubernetesSpawnerSettings settings, String name, String user) {
        return new NamespaceBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(new TreeMap<>(ServerObjects.userLabels(settings.instance(), "user-namespace", user)))
                    .withAnnotations(Map.of(ServerObjects.USER_NAME, user))
                .endMetadata()
                .build();
    }

    /** The namespace's ResourceQuota, or null when none is configured. */
    public static ResourceQuota quota(KubernetesSpawnerSettings settings, String namespace, String user) {
        Map<String, String> hard = settings.userNamespaces().quota();
        if (hard.isEmpty()) {
            return null;
        }
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                    .withName(QUOTA)
                    .withNamespace(namespace)
                    .withLabels(new TreeMap<>(ServerObjects.userLabels(settings.instance(), "user-namespace", user)))
                .endMetadata()
                .withNewSpec().withHard(quantities(hard)).endSpec()
                .build();
    }

    /** The namespace's LimitRange for containers, or null when none is configured. */
    public static LimitRange limitRange(KubernetesSpawnerSettings settings, String namespace, String user) {
        KubernetesSpawnerSettings.UserNamespaces spaces = settings.userNamespaces();
        if (spaces.limitDefault().isEmpty() && spaces.limitDefaultRequest().isEmpty() && spaces.limitMax().isEmpty()) {
            return null;
        }
        return new LimitRangeBuilder()
                .withNewMetadata()
                    .withName(LIMITS)
                    .withNamespace(namespace)
                    .withLabels(new TreeMap<>(ServerObjects.userLabels(settings.instance(), "user-namespace", user)))
                .endMetadata()
                .withNewSpec()
                    .withLimits(new LimitRangeItemBuilder()
                            .withType("Container")
                            .withDefault(quantities(spaces.limitDefault()))
                            .withDefaultRequest(quantities(spaces.limitDefaultRequest()))
                            .withMax(quantities(spaces.limitMax()))
                            .build())
                .endSpec()
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        if (values.isEmpty()) {
            return null;
        }
        Map<String, Quantity> result = new TreeMap<>();
        values.forEach((name, value) -> result.put(name, new Quantity(value)));
        return result;
    }
}
