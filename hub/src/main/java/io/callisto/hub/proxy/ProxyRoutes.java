package io.callisto.hub.proxy;

import io.callisto.hub.servers.ServerPaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The routes the hub owns: one per running server, {@code /user/alice/} → the server's origin. */
@ApplicationScoped
public class ProxyRoutes {

    @Inject
    ProxyClient client;

    /** Routes {@code prefix} to the origin of {@code serverUrl}; the path passes through unchanged. */
    public void add(String prefix, URI serverUrl, String user, String serverName) {
        add(prefix, target(serverUrl), Map.of("user", user, "server_name", serverName));
    }

    /** Routes {@code prefix} to a service's URL (its path included, as JupyterHub does). */
    public void addService(String name, URI url) {
        add(servicePrefix(name), url.toString().replaceAll("/+$", ""), Map.of("service", name));
    }

    /** {@code /services/{name}/}. */
    public static String servicePrefix(String name) {
        return "/services/" + ServerPaths.segment(name) + "/";
    }

    private void add(String prefix, String target, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>(data);
        body.put("target", target);
        body.put("jupyterhub", true);
        client.add(apiPath(prefix), body);
    }

    public void remove(String prefix) {
        client.delete(apiPath(prefix));
    }

    /** A route's target: the server URL's scheme, host and port. */
    public static String target(URI serverUrl) {
        return serverUrl.getScheme() + "://" + serverUrl.getRawAuthority();
    }

    /**
     * The form in which a proxy reports a route: decoded, without a trailing slash (as
     * configurable-http-proxy stores them), so that routes can be compared with what the hub wants.
     */
    public static String key(String path) {
        String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        return decoded.length() > 1 && decoded.endsWith("/") ? decoded.substring(0, decoded.length() - 1) : decoded;
    }

    /** The path as it goes in the routes API's URL: the escaped prefix without its trailing slash. */
    static String apiPath(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
