package io.callisto.hub.api;

import jakarta.ws.rs.core.Response;

/**
 * Redirects with the {@code Location} exactly as given. Relative locations stay relative, so the browser
 * stays on whatever host and port it used (the proxy's), never the hub's internal address.
 */
public final class Redirects {

    private Redirects() {
    }

    public static Response to(String location) {
        return Response.status(Response.Status.FOUND).header("Location", location).build();
    }

    /** A local path to go to after login, or the home page when {@code next} is missing or points elsewhere. */
    public static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/hub/home";
        }
        return next;
    }
}
