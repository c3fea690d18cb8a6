package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes cluster for tests: fabric8's mock API server in CRUD mode (with
 * {@link ClusterDispatcher}'s logs and faults), an {@link ApiProxy} in front of it through which
 * the code under test talks, and a {@link SimulatedKubelet} that runs the pods. Tests inspect and
 * change the cluster with {@link #admin()}, which bypasses the proxy.
 */
public final class MockCluster implements AutoCloseable {

    public static final String NAMESPACE = "callisto";
    /** Held so that the level set stays: the mock server logs every request at INFO. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
    }

    private final ClusterDispatcher dispatcher = new ClusterDispatcher();
    private final KubernetesMockServer server;
    private final ApiProxy proxy;
    private final KubernetesClient admin;
    private final SimulatedKubelet kubelet;

    /**
     * @param work        where the kubelet keeps logs and volumes
     * @param port        the API server's port, 0 for any
     * @param stepThreads the kubelet's threads for API calls
     */
    public MockCluster(Path work, int port, int stepThreads) {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        try {
            proxy = new ApiProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()));
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        admin = new KubernetesClientBuilder().withConfig(config("http://127.0.0.1:" + server.getPort())).build();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        kubelet = new SimulatedKubelet(admin, work, stepThreads);
        dispatcher.logsFrom(kubelet::logTail);
    }

    public static MockCluster start(Path work) {
        return new MockCluster(work, 0, 4);
    }

    /** The URL the code under test uses: through the proxy. */
    public String masterUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    /** The API server's own URL, bypassing the proxy. */
    public String directUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A new client through the proxy, as the hub would have; close it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config(masterUrl())).build();
    }

    /** The tests' own client, bypassing the proxy: unaffected by outages. */
    public KubernetesClient admin() {
        return admin;
    }

    public SimulatedKubelet kubelet() {
        return kubelet;
    }

    public ClusterDispatcher faults() {
        return dispatcher;
    }

    public ApiProxy network() {
        return proxy;
    }

    /**
     * A client configuration for the mock: plain HTTP, and few, quick retries of its own (the
     * spawner retries; tests of outages should not wait out fabric8's defaults).
     */
    public static Config config(String url) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace(NAMESPACE)
                .withTrustCerts(true)
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(2)
                .withRequestRetryBackoffInterval(100)
                .withConnectionTimeout(2000)
                .withRequestTimeout(10000)
                .withWatchReconnectInterval(200)
                .build();
    }

    @Override
    public void close() {
        kubelet.close();
        admin.close();
        proxy.close();
        server.destroy();
    }
}
