package io.callisto.proxy.api;

import io.callisto.proxy.ProxyConfig;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.callisto.proxy.routes.JsonResponses;
import io.callisto.proxy.routes.RouteTable;
import io.callisto.proxy.routes.RoutesResource;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.Logger;

/**
 * The API listener, one instance on Vert.x's one event loop. Its endpoints:
 *
 * <table>
 *   <tr><th>path</th><th>token</th><th>what</th></tr>
 *   <tr><td>{@code /api/routes[/<path>]}</td><td>required</td><td>{@link RoutesResource}</td></tr>
 *   <tr><td>{@code GET /health}</td><td>no</td><td>200 {@code {"status":"UP","routes":<n>}} once listening</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>no</td><td>Prometheus text, see {@link ProxyMetrics}</td></tr>
 *   <tr><td>anything else</td><td>no</td><td>404 with a JSON message</td></tr>
 * </table>
 */
public final class ApiListener extends AbstractVerticle {

    private static final Logger LOG = Logger.getLogger(ApiListener.class);
    private static final String ROUTES_PREFIX = "/api/routes";

    private final ProxyConfig config;
    private final RouteTable routes;
    private final RoutesResource routesResource;
    private final ProxyMetrics metrics;

    public ApiListener(ProxyConfig config, RouteTable routes, RoutesResource routesResource, ProxyMetrics metrics) {
        this.config = config;
        this.routes = routes;
        this.routesResource = routesResource;
        this.metrics = metrics;
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions()
                        .setIdleTimeout((int) config.timeouts().idle().toSeconds())
                        .setHttp2ClearTextEnabled(false)
                        // no websockets here: without these, no websocket handler sees every message
                        .setPerMessageWebSocketCompressionSupported(false)
                        .setPerFrameWebSocketCompressionSupported(false))
                .requestHandler(this::handle)
                .exceptionHandler(e -> LOG.debugf("API connection failed: %s", e.getMessage()))
                .listen(config.apiPort(), config.apiIp())
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path() == null ? "" : request.path();
        if (path.equals(ROUTES_PREFIX) || path.startsWith(ROUTES_PREFIX + "/")) {
            routesResource.handle(request, path.substring(ROUTES_PREFIX.length()));
        } else if (path.equals("/health") && request.method() == HttpMethod.GET) {
            JsonResponses.json(request.response(), 200,
                    Buffer.buffer("{\"status\":\"UP\",\"routes\":" + routes.size() + "}"));
        } else if (path.equals("/metrics") && request.method() == HttpMethod.GET) {
            request.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.render(routes.size()));
        } else {
            JsonResponses.error(request.response(), 404, "Not found: " + path);
        }
    }
}
