package io.callisto.hub.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The hub with {@code callisto.spawner.kind=kubernetes} against {@link MockClusterResource}, and two
 * profiles: "Standard", with an image choice and a typed image, and "GPU", which no node can take.
 */
public class KubernetesSpawnProfile implements QuarkusTestProfile {

    static final String K = "callisto.spawner.kubernetes.";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("callisto.spawner.kind", "kubernetes"),
                // The simulated kubelet runs pods as the test's user, which may be root; a real pod runs as uid 1000.
                Map.entry(K + "args", "jupyterhub-singleuser,--allow-root"),
                Map.entry(K + "watch-check-interval", "PT1S"),
                Map.entry(K + "start-timeout", "PT30S"),
                Map.entry(K + "storage.enabled", "true"),
                Map.entry(K + "profiles[0].slug", "standard"),
                Map.entry(K + "profiles[0].display-name", "Standard"),
                Map.entry(K + "profiles[0].description", "2 CPUs, 4 GB"),
                Map.entry(K + "profiles[0].default", "true"),
                Map.entry(K + "profiles[0].cpu-limit", "2"),
                Map.entry(K + "profiles[0].memory-limit", "4Gi"),
                Map.entry(K + "profiles[0].options[0].name", "image"),
                Map.entry(K + "profiles[0].options[0].display-name", "Image"),
                Map.entry(K + "profiles[0].options[0].choices[0].slug", "base"),
                Map.entry(K + "profiles[0].options[0].choices[0].display-name", "Base notebook"),
                Map.entry(K + "profiles[0].options[0].choices[0].image", "quay.io/jupyter/base-notebook:2025-01-06"),
                Map.entry(K + "profiles[0].options[0].choices[1].slug", "scipy"),
                Map.entry(K + "profiles[0].options[0].choices[1].display-name", "SciPy"),
                Map.entry(K + "profiles[0].options[0].choices[1].image", "quay.io/jupyter/scipy-notebook:2025-01-06"),
                Map.entry(K + "profiles[0].options[0].free-text.display-name", "Other image"),
                Map.entry(K + "profiles[0].options[0].free-text.pattern", "quay\\.io/jupyter/[a-z-]+:[a-z0-9.-]+"),
                Map.entry(K + "profiles[0].options[0].free-text.image", "{value}"),
                Map.entry(K + "profiles[1].slug", "gpu"),
                Map.entry(K + "profiles[1].display-name", "GPU"),
                Map.entry(K + "profiles[1].extra-resources.\"nvidia.com/gpu\"", "1"),
                Map.entry(K + "profiles[1].tolerations", "[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(MockClusterResource.class));
    }
}
