package io.callisto.proxy.routes;

import io.callisto.proxy.ProxyConfig;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
    private final boolean hostRouting;

    @Inject
    public RoutesResource(RouteTable routes, RouteChanges changes, ProxyConfig config) {
        this.routes = routes;
        this.changes = changes;
        this.tokens = new TokenCheck(config.authToken());
        this.hostRouting = config.hostRouting();
    }

    /** Whether the API is open to anyone, for the start-up warning CHP also gives. */
    public boolean unauthenticated() {
        return tokens.open();
    }

    /**
     * Answers one request, whose body has been read whole.
     *
     * @param rawPath the part of the request path after {@code /api/routes}, still percent-encoded;
     *                empty for the collection
     */
    public ApiResponse handle(HttpRequest request, ByteBuf body, String rawPath) {
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.POST && method != HttpMethod.DELETE) {
            return ApiResponse.error(405, "Method not supported").allowing("GET, POST, DELETE");
        }
        if (!tokens.allows(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            LOG.debugf("Rejecting API request %s %s without the right token", method, request.uri());
            return ApiResponse.error(403, "Authorization: token <CONFIGPROXY_AUTH_TOKEN> is required");
        }
        String path;
        try {
            path = RoutePath.decode(rawPath);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, "Malformed route path: " + e.getMessage());
        }
        if (method == HttpMethod.GET) {
            return get(request, path);
        }
        return method == HttpMethod.POST ? post(path, body) : delete(path);
    }

    private ApiResponse get(HttpRequest request, String path) {
        if (!path.isEmpty() && !path.equals(RoutePath.ROOT)) {
            return routes.get(path)
                    .map(route -> ApiResponse.json(200, render(List.of(route), false)))
                    .orElseGet(() -> ApiResponse.error(404, "No route " + RoutePath.clean(path)));
        }
        Map<String, List<String>> parameters = new QueryStringDecoder(request.uri()).parameters();
        String since = parameter(parameters, "inactiveSince");
        if (since == null || since.isEmpty()) {
            since = parameter(parameters, "inactive_since");
        }
        Collection<Route> selected = routes.routes();
        if (since != null && !since.isEmpty()) {
            Instant cutoff;
            try {
                cutoff = Timestamps.parse(since);
            } catch (DateTimeParseException e) {
                return ApiResponse.error(400, "Invalid datestamp '" + since + "' must be ISO8601.");
            }
            long cutoffMillis = cutoff.toEpochMilli();
            selected = selected.stream().filter(r -> r.activity().lastActivityMillis() < cutoffMillis).toList();
        }
        return ApiResponse.json(200, render(selected, true));
    }

    private static String parameter(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null ? null : values.get(0);
    }

    private ApiResponse post(String path, ByteBuf body) {
        if (!body.isReadable()) {
            return ApiResponse.error(400, "Body not valid JSON: empty body");
        }
        Object json;
        try {
            json = Json.decodeValue(Buffer.buffer(body));
        } catch (DecodeException e) {
            String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return ApiResponse.error(400, "Body not valid JSON: " + reason);
        }
        if (!(json instanceof JsonObject data) || !(data.getValue(TARGET) instanceof String url)) {
            LOG.warnf("Bad POST data for route %s: no string 'target'", path);
            return ApiResponse.error(400, "Must specify 'target' as string");
        }
        Target target;
        try {
            target = Target.parse(url);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        }
        data.remove(LAST_ACTIVITY);
        String clean = RoutePath.clean(path);
        if (hostRouting && !clean.equals(RoutePath.ROOT)) {
            data.put("host", RoutePath.segments(clean).get(0));
        }
        routes.put(clean, target, data);
        changes.added(clean, target);
        return ApiResponse.CREATED;
    }

    private ApiResponse delete(String path) {
        if (routes.remove(path)) {
            changes.removed(RoutePath.clean(path));
        }
        return ApiResponse.NO_CONTENT;
    }

    /**
     * One route as its data plus {@code last_activity}, or ({@code keyed}) several as an object keyed
     * by path.
     */
    private static String render(Collection<Route> selected, boolean keyed) {
        if (!keyed) {
            return withActivity(selected.iterator().next()).encode();
        }
        JsonObject table = new JsonObject();
        for (Route route : selected) {
            table.put(route.path(), withActivity(route));
        }
        return table.encode();
    }

    private static JsonObject withActivity(Route route) {
        return route.data().copy().put(LAST_ACTIVITY, Timestamps.format(route.activity().lastActivityMillis()));
    }
}
