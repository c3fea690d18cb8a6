package io.callisto.hub.servers;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.kubernetes.KubernetesSpawnerFactory;
import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.local.LocalSpawner;
import io.callisto.spawner.local.LocalSpawnerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** The spawner named by {@code callisto.spawner.kind}; an unknown kind stops the hub at start-up. */
@ApplicationScoped
public class SpawnerProducer {

    @Inject
    HubConfig config;

    @Inject
    KubernetesSpawnerFactory kubernetes;

    @Produces
    @ApplicationScoped
    Spawner spawner() {
        String kind = config.spawner().kind();
        if (kind.equals("local")) {
            HubConfig.Spawner.Local local = config.spawner().local();
            return new LocalSpawner(new LocalSpawnerSettings(
                    SingleUserArgs.withAuthCache(local.command(), config.servers().authCacheMaxAge()),
                    java.util.Map.of(),
                    local.homeRoot().orElse(config.stateDir().resolve("home")).toAbsolutePath(),
                    local.logDir().orElse(config.stateDir().resolve("logs")).toAbsolutePath(),
                    local.bindHost()));
        }
        if (kind.equals("kubernetes")) {
            return kubernetes.spawner();
        }
        throw new IllegalStateException("Unknown callisto.spawner.kind '" + kind + "'; known kinds: local, kubernetes");
    }
}
