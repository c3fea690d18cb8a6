package io.callisto.spawner.api;

import java.net.URI;
import java.util.Objects;

/**
 * A server that exists and has an address.
 *
 * @param url   where the server listens, including its service prefix,
 *              e.g. {@code http://127.0.0.1:50123/user/alice/}; the proxy's route target is its origin
 * @param state what the spawner needs to find the server again; the hub persists it
 */
public record StartedServer(URI url, ServerState state) {
    public StartedServer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
    }
}
