package io.callisto.proxy.forward;

import io.callisto.proxy.ProxyConfig;
import io.callisto.proxy.routes.Target;

/**
 * What forwarding reads from {@link ProxyConfig} on every request, read once at start-up.
 *
 * @param headerTimeoutMillis  how long a client may take to send a request head
 * @param errorTarget          the error page server, with the path pages are under; null without one
 * @param errorPageTimeoutMillis how long fetching an error page may take before the proxy's own page is sent
 */
record ForwardingSettings(boolean hostRouting, boolean tls, long responseTimeoutMillis, long idleTimeoutMillis,
        long headerTimeoutMillis, int maxWebsocketsPerRoute, Target errorTarget, long errorPageTimeoutMillis) {

    static ForwardingSettings from(ProxyConfig config) {
        Target errorTarget = config.errorTarget().map(uri -> Target.parse(uri.toString())).orElse(null);
        return new ForwardingSettings(config.hostRouting(), config.tls().key().isPresent(),
                config.timeouts().response().toMillis(), config.timeouts().idle().toMillis(),
                config.timeouts().header().toMillis(),
                config.limits().maxWebsocketsPerRoute(),
                errorTarget, config.timeouts().connect().toMillis());
    }
}
