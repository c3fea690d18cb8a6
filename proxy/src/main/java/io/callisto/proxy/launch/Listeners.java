package io.callisto.proxy.launch;

import io.callisto.proxy.ProxyConfig;
import io.callisto.proxy.api.ApiListener;
import io.callisto.proxy.forward.AccessLog;
import io.callisto.proxy.forward.EventLoops;
import io.callisto.proxy.forward.PublicServer;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.callisto.proxy.routes.RouteChanges;
import io.callisto.proxy.routes.RoutePath;
import io.callisto.proxy.routes.RouteTable;
import io.callisto.proxy.routes.RoutesResource;
import io.callisto.proxy.routes.Target;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import org.jboss.logging.Logger;

/**
 * Starts the proxy: the default route, the event loops (one per core), the public listener, then
 * the API listener on the same loops, so that an API answering (the hub's readiness check) means
 * traffic is accepted too. Both close when the process stops, then the loops.
 */
@Singleton
public class Listeners {

    private static final Logger LOG = Logger.getLogger(Listeners.class);

    private final Vertx vertx;
    private final ProxyConfig config;
    private final RouteTable routes;
    private final RoutesResource routesResource;
    private final ProxyMetrics metrics;
    private final RouteChanges changes;
    private EventLoops loops;
    private PublicServer publicServer;
    private ApiListener apiListener;

    @Inject
    public Listeners(Vertx vertx, ProxyConfig config, RouteTable routes, RoutesResource routesResource,
            RouteChanges changes, ProxyMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.routes = routes;
        this.routesResource = routesResource;
        this.metrics = metrics;
        this.changes = changes;
    }

    /** Returns once both listeners accept connections; throws, saying which could not, otherwise. */
    void start() throws ListenerException {
        if (config.tls().key().isPresent() != config.tls().cert().isPresent()) {
            throw new ListenerException("callisto.proxy.tls.key and callisto.proxy.tls.cert go together");
        }
        if (config.defaultTarget().isPresent()) {
            installDefaultRoute(config.defaultTarget().get());
        }
        String api = "http://" + config.apiIp() + ":" + config.apiPort();
        String scheme = config.tls().key().isPresent() ? "https" : "http";
        String publicUrl = scheme + "://" + config.publicIp() + ":" + config.publicPort();
        AccessLog accessLog = config.accessLog() ? new AccessLog(metrics) : null;
        loops = new EventLoops(Runtime.getRuntime().availableProcessors());
        publicServer = new PublicServer(config, routes, metrics, accessLog, vertx, loops);
        try {
            publicServer.start();
        } catch (Exception e) {
            throw new ListenerException("Cannot open the public listener on " + publicUrl + ": " + e.getMessage());
        }
        apiListener = new ApiListener(config, routes, routesResource, metrics);
        try {
            apiListener.start(loops);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListenerException("Interrupted while opening the routes API listener");
        } catch (Exception e) {
            throw new ListenerException("Cannot open the routes API listener on " + api + ": " + e.getMessage());
        }
        vertx.setPeriodic(RouteChanges.SUMMARY_EVERY_MILLIS, id -> changes.summarise(routes.size()));
        LOG.infof("Proxying %s -> routes; API on %s%s", publicUrl, api,
                config.defaultTarget().map(t -> "; default target " + t).orElse(""));
        if (routesResource.unauthenticated()) {
            LOG.warn("REST API is not authenticated: set CONFIGPROXY_AUTH_TOKEN");
        }
    }

    /** Closes both listeners, then the event loops and with them every connection. */
    @PreDestroy
    void stop() {
        if (apiListener != null) {
            apiListener.stop();
        }
        if (publicServer != null) {
            publicServer.stop();
        }
        if (loops != null) {
            loops.shutdown();
        }
    }

    /** CHP adds {@code --default-target} as the route {@code /}, visible and replaceable through the API. */
    private void installDefaultRoute(URI target) throws ListenerException {
        Target parsed;
        try {
            parsed = Target.parse(target.toString());
        } catch (IllegalArgumentException e) {
            throw new ListenerException("callisto.proxy.default-target: " + e.getMessage());
        }
        routes.put(RoutePath.ROOT, parsed, new JsonObject().put("target", target.toString()));
    }
}
