package io.callisto.proxy.forward;

import io.callisto.proxy.ProxyConfig;
import io.callisto.proxy.metrics.Failure;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.callisto.proxy.routes.Route;
import io.callisto.proxy.routes.RoutePath;
import io.callisto.proxy.routes.RouteTable;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The public listener on one event loop: it matches each request against the route table and
 * hands it to an {@link HttpExchange} or a {@link WebSocketTunnel}, with this loop's own pool of
 * kept-alive connections to targets. One instance is deployed per event loop; Vert.x spreads the
 * listening port's connections over them.
 */
public final class PublicListener extends AbstractVerticle {

    /** CHP's health check, answered on the public port without touching routes. */
    static final String HEALTH_PATH = "/_chp_healthz";

    private static final Logger LOG = Logger.getLogger(PublicListener.class);
    private static final Logger ACCESS = Logger.getLogger("io.callisto.proxy.access");

    private final ProxyConfig config;
    private final RouteTable routes;
    private final ProxyMetrics metrics;
    private HttpClient client;
    private ErrorPages errors;

    public PublicListener(ProxyConfig config, RouteTable routes, ProxyMetrics metrics) {
        this.config = config;
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    public void start(Promise<Void> started) {
        client = vertx.createHttpClient(clientOptions(), new PoolOptions()
                .setHttp1MaxSize(config.pool().maxConnectionsPerTarget()));
        errors = new ErrorPages(client, config.errorTarget(), config.timeouts().connect().toMillis(), metrics);
        vertx.createHttpServer(serverOptions())
                .requestHandler(this::handle)
                .exceptionHandler(e -> LOG.debugf("Connection from a client failed: %s", e.getMessage()))
                .listen(config.publicPort(), config.publicIp())
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void handle(HttpServerRequest request) {
        String rawPath = request.path() == null ? RoutePath.ROOT : request.path();
        if (rawPath.equals(HEALTH_PATH)) {
            request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"status\":\"OK\"}");
            return;
        }
        String path;
        try {
            path = RoutePath.decode(rawPath);
        } catch (IllegalArgumentException e) {
            errors.send(request, 400, Failure.BAD_REQUEST, "The request path has a malformed %-escape.");
            return;
        }
        if (config.hostRouting()) {
            path = "/" + hostName(request) + path;
        }
        Route route = routes.match(path);
        if (route == null) {
            errors.send(request, 404, Failure.NO_ROUTE, "Nothing is served at " + rawPath + ".");
        } else if (ForwardedHeaders.isWebSocketUpgrade(request)) {
            new WebSocketTunnel(this, request, route).open();
        } else {
            new HttpExchange(this, request, route).start();
        }
    }

    HttpClient client() {
        return client;
    }

    ErrorPages errors() {
        return errors;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    long responseTimeoutMillis() {
        return config.timeouts().response().toMillis();
    }

    int maxWebsocketsPerRoute() {
        return config.limits().maxWebsocketsPerRoute();
    }

    /** Logs one access line when access logging is on. */
    void logAccess(HttpServerRequest request, int status, long startNanos) {
        if (config.accessLog()) {
            ACCESS.infof("%d %s %s %dms", status, request.method(), request.path(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }

    /** The request-target to forward: origin-form as received, or rebuilt from an absolute-form one. */
    static String originForm(HttpServerRequest request) {
        String uri = request.uri();
        if (uri.startsWith("/")) {
            return uri;
        }
        String path = request.path() == null || request.path().isEmpty() ? RoutePath.ROOT : request.path();
        return request.query() == null ? path : path + "?" + request.query();
    }

    private static String hostName(HttpServerRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 && colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    private HttpServerOptions serverOptions() {
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout((int) config.timeouts().idle().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize((int) config.limits().maxHeaderSize().asLongValue())
                .setMaxInitialLineLength((int) config.limits().maxInitialLineLength().asLongValue())
                .setHandle100ContinueAutomatically(true)
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        if (config.tls().key().isPresent() && config.tls().cert().isPresent()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setKeyPath(config.tls().key().get().toString())
                    .setCertPath(config.tls().cert().get().toString()));
        }
        return options;
    }

    private HttpClientOptions clientOptions() {
        return new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, config.pool().keepAlive().toSeconds()))
                .setConnectTimeout((int) config.timeouts().connect().toMillis())
                .setIdleTimeout((int) config.timeouts().idle().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize((int) config.limits().maxHeaderSize().asLongValue())
                .setMaxInitialLineLength((int) config.limits().maxInitialLineLength().asLongValue())
                .setDecompressionSupported(false);
    }
}
