package io.callisto.spawner.api;

import java.util.Map;
import java.util.Objects;

/**
 * What the hub asks a spawner to start.
 *
 * @param userName      the owner's (normalised) name
 * @param serverName    {@code ""} for the default server, else the named server's name
 * @param servicePrefix the URL path the server is reached under, e.g. {@code /user/alice/}
 * @param environment   JupyterHub's single-user environment ({@code JUPYTERHUB_*}) and any extra
 *                      variables the hub configured; never logged, it holds the server's token
 * @param userOptions   options the user chose (profile, image, ...); empty for none
 */
public record SpawnRequest(
        String userName,
        String serverName,
        String servicePrefix,
        Map<String, String> environment,
        Map<String, String> userOptions) {

    public SpawnRequest {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(servicePrefix, "servicePrefix");
        environment = Map.copyOf(environment);
        userOptions = Map.copyOf(userOptions);
    }

    /** {@code alice} for a default server, {@code alice/lab} for a named one. */
    public String displayName() {
        return serverName.isEmpty() ? userName : userName + "/" + serverName;
    }

    @Override
    public String toString() {
        return "SpawnRequest[" + displayName() + " at " + servicePrefix + "]";
    }
}
