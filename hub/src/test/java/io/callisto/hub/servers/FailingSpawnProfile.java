package io.callisto.hub.servers;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/** The single-user command is a script that misbehaves in the way its first argument says. */
public class FailingSpawnProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        String script = Path.of("src/test/resources/misbehaving-server.sh").toAbsolutePath().toString();
        return Map.of("callisto.spawner.local.command", script, "callisto.servers.start-timeout", "PT3S");
    }
}
