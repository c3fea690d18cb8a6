package io.callisto.hub.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.callisto.hub.config.KubernetesConfig;
import io.callisto.hub.config.PodOverridesConfig;
import io.callisto.spawner.kubernetes.KubernetesSpawnerSettings;
import io.callisto.spawner.kubernetes.Overrides;
import io.callisto.spawner.kubernetes.Profile;
import io.callisto.spawner.kubernetes.ProfileOption;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes spawner's settings from the hub's configuration: a pure function, so that a
 * configuration that cannot work stops the hub at start-up with a message naming the key.
 */
public final class KubernetesSettings {

    private static final String PREFIX = "callisto.spawner.kubernetes.";

    private KubernetesSettings() {
    }

    /**
     * @param namespace the pods' namespace when none is configured: the hub's own
     * @throws IllegalArgumentException naming the key whose value cannot work
     */
    public static KubernetesSpawnerSettings from(KubernetesConfig config, String namespace) {
        return from(config, namespace, config.args());
    }

    /** The same, with the container's arguments given (the configured ones and what the hub adds to them). */
    public static KubernetesSpawnerSettings from(KubernetesConfig config, String namespace, List<String> args) {
        try {
            return KubernetesSpawnerSettings.builder(config.namespace().orElse(namespace))
                    .instance(config.instance())
                    .image(config.image(), config.imagePullPolicy(), config.imagePullSecrets().orElse(List.of()))
                    .args(args)
                    .port(config.port())
                    .user(config.uid(), config.gid(), config.fsGroup())
                    .serviceAccount(config.serviceAccount().orElse(null), config.mountServiceAccountToken())
                    .defaults(overrides(config, Optional.empty(), Map.of(), PREFIX))
                    .podNameTemplate(config.podNameTemplate())
                    .addressing(addressing(config.addressing()), config.clusterDomain())
                    .storage(storage(config.storage()))
                    .userNamespaces(userNamespaces(config.userNamespaces()))
                    .profiles(profiles(config))
                    .timing(new KubernetesSpawnerSettings.Timing(config.startTimeout(), config.unschedulableGrace(),
                            config.resync(), config.watchCheckInterval()))
                    .apiConcurrency(config.apiConcurrency())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid Kubernetes spawner configuration (" + PREFIX + "*): " + e.getMessage(), e);
        }
    }

    /** The configured profiles, in order; empty when there are none. */
    public static List<Profile> profiles(KubernetesConfig config) {
        List<Profile> profiles = new ArrayList<>();
        List<KubernetesConfig.Profile> configured = config.profiles().orElse(List.of());
        for (int i = 0; i < configured.size(); i++) {
            KubernetesConfig.Profile profile = configured.get(i);
            String key = PREFIX + "profiles[" + i + "].";
            List<ProfileOption> options = new ArrayList<>();
            List<KubernetesConfig.Option> configuredOptions = profile.options().orElse(List.of());
            for (int j = 0; j < configuredOptions.size(); j++) {
                options.add(option(configuredOptions.get(j), key + "options[" + j + "]."));
            }
            profiles.add(new Profile(profile.slug(), profile.displayName(), profile.description().orElse(""), profile.isDefault(),
                    overrides(profile, key), options));
        }
        return profiles;
    }

    private static ProfileOption option(KubernetesConfig.Option option, String key) {
        List<ProfileOption.Choice> choices = new ArrayList<>();
        List<KubernetesConfig.Choice> configured = option.choices().orElse(List.of());
        for (int k = 0; k < configured.size(); k++) {
            KubernetesConfig.Choice choice = configured.get(k);
            choices.add(new ProfileOption.Choice(choice.slug(), choice.displayName(), choice.isDefault(),
                    overrides(choice, key + "choices[" + k + "].")));
        }
        Optional<ProfileOption.FreeText> freeText = option.freeText().map(text -> new ProfileOption.FreeText(
                text.displayName(), text.pattern(), overrides(text, key + "free-text.")));
        return new ProfileOption(option.name(), option.displayName(), choices, freeText);
    }

    private static Overrides overrides(PodOverridesConfig.Overrides config, String key) {
        return overrides(config, config.image(), config.environment(), key);
    }

    private static Overrides overrides(PodOverridesConfig config, Optional<String> image,
            Map<String, String> environment, String key) {
        try {
            return Overrides.builder()
                    .image(image.orElse(null))
                    .cpu(config.cpuGuarantee().orElse(null), config.cpuLimit().orElse(null))
                    .memory(config.memoryGuarantee().orElse(null), config.memoryLimit().orElse(null))
                    .extraResources(config.extraResources())
                    .nodeSelector(config.nodeSelector())
                    .tolerations(list(config.tolerations(), new TypeReference<List<Toleration>>() { }, key + "tolerations"))
                    .affinity(config.affinity().map(text -> parse(text, new TypeReference<Affinity>() { }, key + "affinity"))
                            .orElse(null))
                    .environment(environment)
                    .volumes(list(config.volumes(), new TypeReference<List<Volume>>() { }, key + "volumes"))
                    .volumeMounts(list(config.volumeMounts(), new TypeReference<List<VolumeMount>>() { }, key + "volume-mounts"))
                    .initContainers(list(config.initContainers(), new TypeReference<List<Container>>() { }, key + "init-containers"))
                    .build();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(key)) {
                throw e;
            }
            throw new IllegalArgumentException(key + "*: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> list(Optional<String> text, TypeReference<List<T>> type, String key) {
        return text.map(value -> parse(value, type, key)).orElse(List.of());
    }

    /** A Kubernetes object or list from YAML or JSON. */
    static <T> T parse(String text, TypeReference<T> type, String key) {
        try {
            // YAML, of which JSON is a part: flow style ([{key: nvidia.com/gpu}]) parses as YAML only.
            T parsed = Serialization.yamlMapper().readValue(text, type);
            if (parsed == null) {
                throw new IllegalArgumentException("it is empty");
            }
            return parsed;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + " is not valid YAML or JSON of the expected shape: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    private static KubernetesSpawnerSettings.Addressing addressing(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "pod-ip" -> KubernetesSpawnerSettings.Addressing.POD_IP;
            case "service" -> KubernetesSpawnerSettings.Addressing.SERVICE;
            default -> throw new IllegalArgumentException(PREFIX + "addressing '" + value + "' is not pod-ip or service");
        };
    }

    private static KubernetesSpawnerSettings.Storage storage(KubernetesConfig.Storage storage) {
        return new KubernetesSpawnerSettings.Storage(storage.enabled(), storage.claimNameTemplate(), storage.storageClass(),
                storage.capacity(), storage.accessModes(), storage.mountPath(), storage.deleteWithUser());
    }

    private static KubernetesSpawnerSettings.UserNamespaces userNamespaces(KubernetesConfig.UserNamespaces spaces) {
        return new KubernetesSpawnerSettings.UserNamespaces(spaces.enabled(), spaces.nameTemplate(), spaces.quota(),
                spaces.limitDefault(), spaces.limitDefaultRequest(), spaces.limitMax());
    }
}
