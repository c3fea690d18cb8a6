package io.callisto.hub.config;

import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Optional;

/**
 * What the Kubernetes spawner may give a pod ({@code callisto.spawner.kubernetes.*} for every pod,
 * and each profile and choice); every key is optional.
 */
public interface PodOverridesConfig {
    /** The CPU request, e.g. {@code 500m}. */
    @WithName("cpu-guarantee")
    Optional<String> cpuGuarantee();

    /** The CPU limit, e.g. {@code 2}. */
    @WithName("cpu-limit")
    Optional<String> cpuLimit();

    /** The memory request, e.g. {@code 1Gi}. */
    @WithName("memory-guarantee")
    Optional<String> memoryGuarantee();

    /** The memory limit, e.g. {@code 2Gi}. */
    @WithName("memory-limit")
    Optional<String> memoryLimit();

    /** Extended resources, requested and limited alike: {@code extra-resources."nvidia.com/gpu"=1}. */
    @WithName("extra-resources")
    Map<String, String> extraResources();

    /** Node labels the pod must be scheduled on: {@code node-selector.accelerator=a100}. */
    @WithName("node-selector")
    Map<String, String> nodeSelector();

    /** Tolerations, as a YAML or JSON list: {@code [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]}. */
    Optional<String> tolerations();

    /** The pod's affinity, as a YAML or JSON object. */
    Optional<String> affinity();

    /** Extra pod volumes, as a YAML or JSON list. */
    Optional<String> volumes();

    /** Extra mounts in the single-user container, as a YAML or JSON list. */
    @WithName("volume-mounts")
    Optional<String> volumeMounts();

    /** Containers run before the single-user one, as a YAML or JSON list. */
    @WithName("init-containers")
    Optional<String> initContainers();

    /** What a profile, a choice or a typed value may change: a pod's overrides plus its image and environment. */
    interface Overrides extends PodOverridesConfig {
        /** The single-user image. */
        Optional<String> image();

        /** Environment variables of the single-user container: {@code environment.TZ=Europe/Berlin}. */
        Map<String, String> environment();
    }
}
