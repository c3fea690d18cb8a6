package io.callisto.spawner.api;

import java.util.Map;
import java.util.Optional;

/**
 * A spawner's record of one server (a process id and port, a pod name, ...), persisted by the hub
 * as JSON and handed back after a restart. Only the spawner that wrote it interprets it.
 */
public record ServerState(Map<String, String> values) {

    public static final ServerState EMPTY = new ServerState(Map.of());

    public ServerState {
        values = Map.copyOf(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
