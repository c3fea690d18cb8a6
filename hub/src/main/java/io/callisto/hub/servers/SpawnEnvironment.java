package io.callisto.hub.servers;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.auth.Scopes;
import io.callisto.hub.ipython.KernelEnvironment;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JupyterHub's single-user environment for one server: what stock {@code jupyterhub-singleuser} reads to
 * find the hub, authenticate people through it and report activity. A pure function of its inputs.
 * {@code JUPYTERHUB_SERVICE_URL} is the spawner's to add: only it knows the address.
 */
public final class SpawnEnvironment {

    private SpawnEnvironment() {
    }

    public static Map<String, String> of(HubConfig config, String user, String serverName, String apiToken) {
        String prefix = ServerPaths.prefix(user, serverName);
        String apiUrl = config.hubConnectUrl().toString().replaceAll("/+$", "") + "/hub/api";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUPYTERHUB_API_TOKEN", apiToken);
        env.put("JPY_API_TOKEN", apiToken);
        env.put("JUPYTERHUB_CLIENT_ID", clientId(user, serverName));
        env.put("JUPYTERHUB_HOST", config.publicUrl().map(SpawnEnvironment::origin).orElse(""));
        env.put("JUPYTERHUB_OAUTH_CALLBACK_URL", prefix + "oauth_callback");
        String access = json(Scopes.accessScopes(user, serverName));
        env.put("JUPYTERHUB_OAUTH_SCOPES", access);
        env.put("JUPYTERHUB_OAUTH_ACCESS_SCOPES", access);
        env.put("JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES", "[]");
        env.put("JUPYTERHUB_USER", user);
        env.put("JUPYTERHUB_SERVER_NAME", serverName);
        env.put("JUPYTERHUB_API_URL", apiUrl);
        env.put("JUPYTERHUB_ACTIVITY_URL", apiUrl + "/users/" + ServerPaths.segment(user) + "/activity");
        env.put("JUPYTERHUB_BASE_URL", "/");
        env.put("JUPYTERHUB_SERVICE_PREFIX", prefix);
        config.publicUrl().ifPresent(url -> env.put("JUPYTERHUB_PUBLIC_URL", url.toString().replaceAll("/+$", "") + prefix));
        env.putAll(KernelEnvironment.of(config.ipython()));
        env.putAll(config.spawner().environment());
        return env;
    }

    /** The OAuth client id of a server, as JupyterHub names it. */
    public static String clientId(String user, String serverName) {
        String id = "jupyterhub-user-" + ServerPaths.segment(user);
        return serverName.isEmpty() ? id : id + "-" + ServerPaths.segment(serverName);
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    private static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
