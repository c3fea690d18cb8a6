package io.callisto.hub.servers;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Tight limits and the idle culler on, with pages of one user so the culler must follow pagination. */
public class LimitsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "callisto.servers.concurrent-spawn-limit", "1",
                "callisto.servers.named-server-limit-per-user", "1",
                "callisto.api.page-max", "1",
                "callisto.culler.enabled", "true",
                "callisto.culler.every", "PT1H",
                "callisto.culler.timeout", "PT60S");
    }
}
