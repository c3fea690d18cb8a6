package io.callisto.hub.kubernetes;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.servers.SingleUserArgs;
import io.callisto.hub.config.KubernetesConfig;
import io.callisto.spawner.kubernetes.KubernetesSpawner;
import io.callisto.spawner.kubernetes.KubernetesSpawnerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Makes the Kubernetes spawner for {@code callisto.spawner.kind=kubernetes}, with Quarkus' fabric8
 * client (configured by {@code quarkus.kubernetes-client.*}, or from inside the cluster by its
 * service account), and publishes its watches' health as metrics:
 * {@code <prefix>_kubernetes_watch_restarts_total}, {@code _kubernetes_watch_stale_total},
 * {@code _kubernetes_watch_errors_total} and {@code _kubernetes_watch_up}. The client is asked for
 * only here, so a hub with another spawner never connects to a cluster.
 */
@ApplicationScoped
public class KubernetesSpawnerFactory {

    private static final Logger LOG = Logger.getLogger(KubernetesSpawnerFactory.class);

    @Inject
    HubConfig config;

    @Inject
    Instance<KubernetesClient> clients;

    @Inject
    MeterRegistry registry;

    private KubernetesSpawner spawner;

    /** @throws IllegalArgumentException when the configuration cannot work, naming the key */
    public synchronized KubernetesSpawner spawner() {
        if (spawner == null) {
            KubernetesConfig kubernetes = config.spawner().kubernetes();
            KubernetesClient client = clients.get();
            String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
            KubernetesSpawnerSettings settings = KubernetesSettings.from(kubernetes, namespace,
                    SingleUserArgs.withAuthCache(kubernetes.args(), config.servers().authCacheMaxAge()));
            LOG.infof("Kubernetes spawner: pods in %s at %s, %d profile(s)",
                    settings.userNamespaces().enabled() ? "per-user namespaces" : "namespace " + settings.namespace(),
                    client.getMasterUrl(), settings.profiles().size());
            spawner = new KubernetesSpawner(client, settings, kubernetes.syncTimeout());
            register(spawner);
        }
        return spawner;
    }

    private void register(KubernetesSpawner watched) {
        String p = config.metrics().prefix() + "_kubernetes_watch";
        FunctionCounter.builder(p + "_restarts", watched, s -> s.watchHealth().restarts())
                .description("Kubernetes watches restarted because they stopped, stopped watching or went stale").register(registry);
        FunctionCounter.builder(p + "_stale", watched, s -> s.watchHealth().staleDetections())
                .description("Kubernetes watches found silently stale against a fresh list").register(registry);
        FunctionCounter.builder(p + "_errors", watched, s -> s.watchHealth().errors())
                .description("Kubernetes watch and list errors, retried").register(registry);
        Gauge.builder(p + "_up", watched, s -> s.watchHealth().watching() ? 1 : 0)
                .description("1 while the Kubernetes watches are established and trusted").register(registry);
    }

    @PreDestroy
    synchronized void close() {
        if (spawner != null) {
            spawner.close();
        }
    }
}
