package io.callisto.proxy.routes;

import io.callisto.proxy.ProxyConfig;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * configurable-http-proxy's routes API, {@code /api/routes[/<path>]}, with CHP's status codes:
 *
 * <table>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /api/routes[?inactive_since=<ISO-8601>]}</td>
 *       <td>200, every route (or those whose last activity is older), as
 *       {@code {"<path>": {"target": ..., ..., "last_activity": ...}}}; 400 on a bad date</td></tr>
 *   <tr><td>{@code GET /api/routes/<path>}</td><td>200 with that route, or 404</td></tr>
 *   <tr><td>{@code POST /api/routes/<path>} {@code {"target": "<url>", ...}}</td>
 *       <td>201, the whole object kept; 400 on bad JSON or a missing or invalid target</td></tr>
 *   <tr><td>{@code DELETE /api/routes/<path>}</td><td>204, also when there was no such route</td></tr>
 *   <tr><td>any other method</td><td>405</td></tr>
 * </table>
 *
 * <p>Every method requires the token ({@link TokenCheck}); without it the answer is 403. Paths
 * arrive percent-encoded and are stored decoded and cleaned ({@link RoutePath}).
 */
@Singleton
public class RoutesResource {

    private static final Logger LOG = Logger.getLogger(RoutesResource.class);
    private static final String LAST_ACTIVITY = "last_activity";
    private static final String TARGET = "target";

    private final RouteTable routes;
    private final RouteChanges changes;
    private final TokenCheck tokens;
    private final long maxBodySize;
    private final boolean hostRouting;

    @Inject
    public RoutesResource(RouteTable routes, RouteChanges changes, ProxyConfig config) {
        this.routes = routes;
        this.changes = changes;
        this.tokens = new TokenCheck(config.authToken());
        this.maxBodySize = config.limits().maxApiBodySize().asLongValue();
        this.hostRouting = config.hostRouting();
    }

    /** Whether the API is open to anyone, for the start-up warning CHP also gives. */
    public boolean unauthenticated() {
        return tokens.open();
    }

    /**
     * Answers one request.
     *
     * @param rawPath the part of the request path after {@code /api/routes}, still percent-encoded;
     *                empty for the collection
     */
    public void handle(HttpServerRequest request, String rawPath) {
        switch (request.method().name()) {
            case "GET" -> authorized(request, () -> get(request, decoded(request, rawPath)));
            case "POST" -> authorized(request, () -> readBody(request,
                    body -> post(request, decoded(request, rawPath), body)));
            case "DELETE" -> authorized(request, () -> delete(request, decoded(request, rawPath)));
            default -> {
                request.response().putHeader(HttpHeaders.ALLOW, "GET, POST, DELETE");
                JsonResponses.error(request.response(), 405, "Method not supported");
            }
        }
    }

    private void authorized(HttpServerRequest request, Runnable action) {
        if (tokens.allows(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            action.run();
        } else {
            LOG.debugf("Rejecting API request %s %s without the right token", request.method(), request.path());
            JsonResponses.error(request.response(), 403,
                    "Authorization: token <CONFIGPROXY_AUTH_TOKEN> is required");
        }
    }

    /** The decoded path, or null after answering 400 for a malformed escape. */
    private static String decoded(HttpServerRequest request, String rawPath) {
        try {
            return RoutePath.decode(rawPath);
        } catch (IllegalArgumentException e) {
            JsonResponses.error(request.response(), 400, "Malformed route path: " + e.getMessage());
            return null;
        }
    }

    private void get(HttpServerRequest request, String path) {
        if (path == null) {
            return;
        }
        if (!path.isEmpty() && !path.equals(RoutePath.ROOT)) {
            routes.get(path).ifPresentOrElse(
                    route -> JsonResponses.json(request.response(), 200, render(List.of(route), false)),
                    () -> JsonResponses.error(request.response(), 404, "No route " + RoutePath.clean(path)));
            return;
        }
        String since = request.getParam("inactiveSince");
        if (since == null || since.isEmpty()) {
            since = request.getParam("inactive_since");
        }
        Collection<Route> selected = routes.routes();
        if (since != null && !since.isEmpty()) {
            Instant cutoff;
            try {
                cutoff = Timestamps.parse(since);
            } catch (DateTimeParseException e) {
                JsonResponses.error(request.response(), 400, "Invalid datestamp '" + since + "' must be ISO8601.");
                return;
            }
            long cutoffMillis = cutoff.toEpochMilli();
            selected = selected.stream().filter(r -> r.activity().lastActivityMillis() < cutoffMillis).toList();
        }
        JsonResponses.json(request.response(), 200, render(selected, true));
    }

    private void post(HttpServerRequest request, String path, Buffer body) {
        if (path == null) {
            return;
        }
        if (body.length() == 0) {
            JsonResponses.error(request.response(), 400, "Body not valid JSON: empty body");
            return;
        }
        Object json;
        try {
            json = Json.decodeValue(body);
        } catch (DecodeException e) {
            String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            JsonResponses.error(request.response(), 400, "Body not valid JSON: " + reason);
            return;
        }
        if (!(json instanceof JsonObject data) || !(data.getValue(TARGET) instanceof String url)) {
            LOG.warnf("Bad POST data for route %s: no string 'target'", path);
            JsonResponses.error(request.response(), 400, "Must specify 'target' as string");
            return;
        }
        Target target;
        try {
            target = Target.parse(url);
        } catch (IllegalArgumentException e) {
            JsonResponses.error(request.response(), 400, e.getMessage());
            return;
        }
        data.remove(LAST_ACTIVITY);
        String clean = RoutePath.clean(path);
        if (hostRouting && !clean.equals(RoutePath.ROOT)) {
            data.put("host", RoutePath.segments(clean).get(0));
        }
        routes.put(clean, target, data);
        changes.added(clean, target);
        JsonResponses.empty(request.response(), 201);
    }

    private void delete(HttpServerRequest request, String path) {
        if (path == null) {
            return;
        }
        if (routes.remove(path)) {
            changes.removed(RoutePath.clean(path));
        }
        JsonResponses.empty(request.response(), 204);
    }

    /**
     * Reads the whole body, up to the configured size, then calls {@code then}. Larger bodies get
     * 413 and the connection closes, so the rest is never read.
     */
    private void readBody(HttpServerRequest request, Handler<Buffer> then) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > maxBodySize) {
            tooLarge(request);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] overflow = {false};
        request.exceptionHandler(e -> LOG.debugf("API request body failed: %s", e.getMessage()));
        request.handler(chunk -> {
            if (overflow[0]) {
                return;
            }
            body.appendBuffer(chunk);
            if (body.length() > maxBodySize) {
                overflow[0] = true;
                tooLarge(request);
            }
        });
        request.endHandler(v -> {
            if (!overflow[0]) {
                then.handle(body);
            }
        });
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void tooLarge(HttpServerRequest request) {
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        JsonResponses.error(request.response(), 413, "Body larger than " + maxBodySize + " bytes");
    }

    /**
     * One route as its data plus {@code last_activity}, or ({@code keyed}) several as an object keyed
     * by path.
     */
    private static Buffer render(Collection<Route> selected, boolean keyed) {
        if (!keyed) {
            return withActivity(selected.iterator().next()).toBuffer();
        }
        JsonObject table = new JsonObject();
        for (Route route : selected) {
            table.put(route.path(), withActivity(route));
        }
        return table.toBuffer();
    }

    private static JsonObject withActivity(Route route) {
        return route.data().copy().put(LAST_ACTIVITY, Timestamps.format(route.activity().lastActivityMillis()));
    }
}
