package io.callisto.hub.servers;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/** One thread for the starts' database work and few request threads, so that a handful of starts fills both. */
public class StartQueueProfile implements QuarkusTestProfile {

    /** Fewer than the starts {@link StartQueueTest} sends at once. */
    static final int REQUEST_THREADS = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        String script = Path.of("src/test/resources/misbehaving-server.sh").toAbsolutePath().toString();
        return Map.of("callisto.servers.start-transactions", "1",
                "quarkus.thread-pool.max-threads", String.valueOf(REQUEST_THREADS),
                "callisto.servers.concurrent-spawn-limit", "0",
                "callisto.spawner.local.command", script);
    }
}
