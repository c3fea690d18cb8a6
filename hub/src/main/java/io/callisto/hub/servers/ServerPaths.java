package io.callisto.hub.servers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL paths of users' servers, as JupyterHub forms them (names escaped as path segments). */
public final class ServerPaths {

    private ServerPaths() {
    }

    /** {@code /user/alice/} for the default server, {@code /user/alice/lab/} for a named one. */
    public static String prefix(String user, String server) {
        String base = "/user/" + segment(user) + "/";
        return server.isEmpty() ? base : base + segment(server) + "/";
    }

    /** Escapes a name for use as one URL path segment. */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
