package io.callisto.hub.kubernetes;

import io.callisto.spawner.kubernetes.MockCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes cluster for the hub under test: the spawner's mock API server with its simulated
 * kubelet, which runs every pod's {@code jupyterhub-singleuser} as a real process. Its node has no
 * GPU, so pods that ask for {@code nvidia.com/gpu} cannot be scheduled.
 */
public class MockClusterResource implements QuarkusTestResourceLifecycleManager {

    private static MockCluster cluster;

    @Override
    public synchronized Map<String, String> start() {
        try {
            Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "mock-cluster-");
            cluster = MockCluster.start(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster.kubelet().noNodeWith(Set.of("nvidia.com/gpu"));
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", cluster.masterUrl(),
                "quarkus.kubernetes-client.namespace", MockCluster.NAMESPACE,
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.request-retry-backoff-limit", "2",
                "quarkus.kubernetes-client.watch-reconnect-interval", "PT0.2S");
    }

    @Override
    public synchronized void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public static MockCluster cluster() {
        return cluster;
    }
}
