package io.callisto.hub.proxy;

import io.callisto.hub.servers.ServerPaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** The routes the hub owns: one per running server, {@code /user/alice/} → the server's origin. */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    @Inject
    ProxyClient client;

    /** Routes {@code prefix} to the origin of {@code serverUrl} on every proxy replica; the path passes through unchanged. */
    public void add(String prefix, URI serverUrl, String user, String serverName) {
        client.add(apiPath(prefix), serverRoute(serverUrl, user, serverName));
    }

    /** Routes a service's prefix to its URL on every proxy replica. */
    public void addService(String name, URI url) {
        client.add(apiPath(servicePrefix(name)), serviceRoute(name, url));
    }

    /** The routes API body of a server's route: its target (the server URL's origin) and the hub's data. */
    static Map<String, Object> serverRoute(URI serverUrl, String user, String serverName) {
        return body(target(serverUrl), Map.of("user", user, "server_name", serverName));
    }

    /** The routes API body of a service's route: its URL, path included, as JupyterHub does. */
    static Map<String, Object> serviceRoute(String name, URI url) {
        return body(url.toString().replaceAll("/+$", ""), Map.of("service", name));
    }

    /** {@code /services/{name}/}. */
    public static String servicePrefix(String name) {
        return "/services/" + ServerPaths.segment(name) + "/";
    }

    private static Map<String, Object> body(String target, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>(data);
        body.put("target", target);
        body.put("jupyterhub", true);
        return body;
    }

    /**
     * Removes the route of {@code prefix} from every replica; one that cannot be reached now is warned
     * about and left to the next route sync, which removes routes no running server wants.
     */
    public void removeOrLeaveToSync(String prefix) {
        try {
            client.delete(apiPath(prefix));
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the route %s: %s (the next route sync will)", prefix, e.getMessage());
        }
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
