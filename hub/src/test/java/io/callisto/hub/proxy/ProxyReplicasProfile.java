package io.callisto.hub.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The hub driving two external proxy replicas ({@code callisto.proxy.api-urls}), both real
 * {@code proxy/bin/callisto-proxy} processes, reconciled every second.
 */
public class ProxyReplicasProfile implements QuarkusTestProfile {

    static final ProxyReplica FIRST = new ProxyReplica("first");
    static final ProxyReplica SECOND = new ProxyReplica("second");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "callisto.proxy.api-urls", FIRST.apiUrl() + "," + SECOND.apiUrl(),
                "callisto.proxy.auth-token", ProxyReplica.TOKEN,
                "callisto.proxy.sync-interval", "PT1S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Replicas.class));
    }

    /** Starts both replicas before the hub (which pushes routes to them at start-up) and stops them after. */
    public static class Replicas implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            FIRST.start();
            SECOND.start();
            return Map.of();
        }

        @Override
        public void stop() {
            try {
                FIRST.close();
                SECOND.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
