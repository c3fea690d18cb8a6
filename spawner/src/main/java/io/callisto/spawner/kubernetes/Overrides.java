package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Changes to a user's pod: what the spawner's settings give every pod, and what a profile, a
 * profile option's choice or a free-text choice adds ({@link #then}). Empty parts change nothing.
 *
 * @param image           the single-user image
 * @param cpuGuarantee    the CPU request, a Kubernetes quantity ({@code 500m}, {@code 2})
 * @param cpuLimit        the CPU limit
 * @param memoryGuarantee the memory request ({@code 1Gi})
 * @param memoryLimit     the memory limit
 * @param extraResources  extended resources by name, set as request and limit alike
 *                        ({@code nvidia.com/gpu: 1})
 * @param nodeSelector    node labels the pod must be scheduled on
 * @param tolerations     taints the pod tolerates
 * @param affinity        the pod's affinity (a later one replaces an earlier one)
 * @param environment     environment variables of the single-user container
 * @param volumes         extra pod volumes
 * @param volumeMounts    extra mounts in the single-user container
 * @param initContainers  containers run before the single-user container
 */
public record Overrides(
        Optional<String> image,
        Optional<String> cpuGuarantee,
        Optional<String> cpuLimit,
        Optional<String> memoryGuarantee,
        Optional<String> memoryLimit,
        Map<String, String> extraResources,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Optional<Affinity> affinity,
        Map<String, String> environment,
        List<Volume> volumes,
        List<VolumeMount> volumeMounts,
        List<Container> initContainers) {

    /** Changes nothing. */
    public static final Overrides NONE = builder().build();

    /** Variables only the hub sets: the server's token and the address the spawner derives. */
    static final Set<String> RESERVED_VARIABLES = Set.of("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "JUPYTERHUB_SERVICE_URL");

    /**
     * @throws IllegalArgumentException when a quantity does not parse or a variable is reserved or invalid
     */
    public Overrides {
        image.ifPresent(value -> requireText("image", value));
        cpuGuarantee.ifPresent(value -> requireQuantity("cpu guarantee", value));
        cpuLimit.ifPresent(value -> requireQuantity("cpu limit", value));
        memoryGuarantee.ifPresent(value -> requireQuantity("memory guarantee", value));
        memoryLimit.ifPresent(value -> requireQuantity("memory limit", value));
        extraResources.forEach((name, value) -> requireQuantity("extra resource " + name, value));
        environment.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable '" + name + "'");
            }
            if (RESERVED_VARIABLES.contains(name)) {
                throw new IllegalArgumentException("environment may not set " + name + ": the hub and spawner set it");
            }
        });
        extraResources = Map.copyOf(new TreeMap<>(extraResources));
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        environment = Map.copyOf(environment);
        volumes = List.copyOf(volumes);
        volumeMounts = List.copyOf(volumeMounts);
        initContainers = List.copyOf(initContainers);
    }

    /**
     * These overrides followed by {@code later}: scalars and the affinity of {@code later} win when
     * present, maps are merged ({@code later}'s keys win), lists are appended.
     */
    public Overrides then(Overrides later) {
        return new Overrides(
                later.image.or(() -> image),
                later.cpuGuarantee.or(() -> cpuGuarantee),
                later.cpuLimit.or(() -> cpuLimit),
                later.memoryGuarantee.or(() -> memoryGuarantee),
                later.memoryLimit.or(() -> memoryLimit),
                merged(extraResources, later.extraResources),
                merged(nodeSelector, later.nodeSelector),
                appended(tolerations, later.tolerations),
                later.affinity.or(() -> affinity),
                merged(environment, later.environment),
                appended(volumes, later.volumes),
                appended(volumeMounts, later.volumeMounts),
                appended(initContainers, later.initContainers));
    }

    /**
     * These overrides with {@value ProfileOption#VALUE_PLACEHOLDER} replaced by a free-text choice in
     * the image and in environment values (as KubeSpawner's {@code unlisted_choice} does).
     */
    public Overrides withValue(String value) {
        Map<String, String> environment = new LinkedHashMap<>();
        this.environment.forEach((name, text) -> environment.put(name, text.replace(ProfileOption.VALUE_PLACEHOLDER, value)));
        return new Overrides(image.map(text -> text.replace(ProfileOption.VALUE_PLACEHOLDER, value)), cpuGuarantee, cpuLimit,
                memoryGuarantee, memoryLimit, extraResources, nodeSelector, tolerations, affinity, environment,
                volumes, volumeMounts, initContainers);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static <K, V> Map<K, V> merged(Map<K, V> first, Map<K, V> second) {
        Map<K, V> result = new LinkedHashMap<>(first);
        result.putAll(second);
        return result;
    }

    private static <T> List<T> appended(List<T> first, List<T> second) {
        List<T> result = new ArrayList<>(first);
        result.addAll(second);
        return result;
    }

    private static void requireText(String what, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
    }

    static void requireQuantity(String what, String value) {
        try {
            Quantity.getAmountInBytes(Quantity.parse(Objects.requireNonNull(value, what)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a Kubernetes quantity (like 500m, 2, 1Gi)");
        }
    }

    /** Builds {@link Overrides}; every part starts empty. */
    public static final class Builder {
        private String image;
        private String cpuGuarantee;
        private String cpuLimit;
        private String memoryGuarantee;
        private String memoryLimit;
        private Map<String, String> extraResources = Map.of();
        private Map<String, String> nodeSelector = Map.of();
        private List<Toleration> tolerations = List.of();
        private Affinity affinity;
        private Map<String, String> environment = Map.of();
        private List<Volume> volumes = List.of();
        private List<VolumeMount> volumeMounts = List.of();
        private List<Container> initContainers = List.of();

        public Builder image(String value) {
            image = value;
            return this;
        }

        public Builder cpu(String guarantee, String limit) {
            cpuGuarantee = guarantee;
            cpuLimit = limit;
            return this;
        }

        public Builder memory(String guarantee, String limit) {
            memoryGuarantee = guarantee;
            memoryLimit = limit;
            return this;
        }

        public Builder extraResources(Map<String, String> value) {
            extraResources = value;
            return this;
        }

        public Builder nodeSelector(Map<String, String> value) {
            nodeSelector = value;
            return this;
        }

        public Builder tolerations(List<Toleration> value) {
            tolerations = value;
            return this;
        }

        public Builder affinity(Affinity value) {
            affinity = value;
            return this;
        }

        public Builder environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Builder volumes(List<Volume> value) {
            volumes = value;
            return this;
        }

        public Builder volumeMounts(List<VolumeMount> value) {
            volumeMounts = value;
            return this;
        }

        public Builder initContainers(List<Container> value) {
            initContainers = value;
            return this;
        }

        /** @throws IllegalArgumentException see {@link Overrides#Overrides} */
        public Overrides build() {
            return new Overrides(Optional.ofNullable(image), Optional.ofNullable(cpuGuarantee), Optional.ofNullable(cpuLimit),
                    Optional.ofNullable(memoryGuarantee), Optional.ofNullable(memoryLimit), extraResources, nodeSelector,
                    tolerations, Optional.ofNullable(affinity), environment, volumes, volumeMounts, initContainers);
        }
    }
}
