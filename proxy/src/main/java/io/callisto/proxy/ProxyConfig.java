package io.callisto.proxy;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The proxy's configuration. Every key can be set as a system property, in
 * {@code application.properties}, or as an environment variable ({@code callisto.proxy.public-port}
 * is {@code CALLISTO_PROXY_PUBLIC_PORT}). The launcher's CHP options set the keys named in each
 * description and win over the environment. The README's configuration reference follows this
 * file: keep both in step.
 */
@ConfigMapping(prefix = "callisto.proxy")
public interface ProxyConfig {

    /** Address the public listener binds; {@code 0.0.0.0} for every IPv4 interface. CHP: {@code --ip}. */
    @WithName("public-ip")
    @WithDefault("0.0.0.0")
    String publicIp();

    /** Port of the public listener. CHP: {@code --port}. */
    @WithName("public-port")
    @WithDefault("8000")
    int publicPort();

    /** Address the API listener (routes API, health, metrics) binds. CHP: {@code --api-ip}. */
    @WithName("api-ip")
    @WithDefault("127.0.0.1")
    String apiIp();

    /** Port of the API listener. CHP: {@code --api-port}, which defaults to {@code --port} + 1. */
    @WithName("api-port")
    @WithDefault("8001")
    int apiPort();

    /**
     * The token the routes API requires as {@code Authorization: token <t>}. Defaults to the
     * {@code CONFIGPROXY_AUTH_TOKEN} environment variable, as in CHP. When empty the routes API is
     * open to anyone who can reach the API listener (CHP does the same, with the same warning).
     */
    @WithName("auth-token")
    Optional<String> authToken();

    /**
     * Where requests go when no route matches. Installed as the route {@code /} at start-up, as CHP
     * does, so the routes API shows it and can replace or delete it. CHP: {@code --default-target}.
     */
    @WithName("default-target")
    Optional<URI> defaultTarget();

    /**
     * A server that renders the proxy's error pages: on 404 (no route), 503 (target unreachable) and
     * 504 (target too slow) the proxy fetches {@code <error-target>/<code>?url=<escaped request URL>}
     * and relays that page's body with the original status. Without it, the proxy sends a small
     * page of its own. CHP: {@code --error-target}.
     */
    @WithName("error-target")
    Optional<URI> errorTarget();

    /**
     * Route by host as well as path: a request for {@code http://alice.example.org/tree} is matched
     * against {@code /alice.example.org/tree}. JupyterHub passes it when it uses subdomains.
     * CHP: {@code --host-routing}.
     */
    @WithName("host-routing")
    @WithDefault("false")
    boolean hostRouting();

    /**
     * Write one line per proxied request to standard output ({@code <UTC time> <status> <method>
     * <path> <ms>ms}), batched per event loop and written by a thread of its own; when the output
     * cannot keep up, lines are dropped and counted rather than slowing traffic.
     */
    @WithName("access-log")
    @WithDefault("false")
    boolean accessLog();

    /** TLS on the public listener; plain HTTP unless both files are given. */
    Tls tls();

    /** Time limits. */
    Timeouts timeouts();

    /** Size and count limits. */
    Limits limits();

    /** Kept-alive connections to targets. */
    Pool pool();

    /** TLS on the public listener. */
    interface Tls {
        /** PEM private key file. CHP: {@code --ssl-key}. */
        Optional<Path> key();

        /** PEM certificate (chain) file. CHP: {@code --ssl-cert}. */
        Optional<Path> cert();
    }

    /** Time limits. */
    interface Timeouts {
        /** How long to wait for a TCP connection to a target before answering 503. */
        @WithDefault("PT10S")
        Duration connect();

        /**
         * How long a target may take to start its response (status and headers) once the request has
         * been sent in full; past it the proxy answers 504. Streaming responses are not cut once
         * they have started. CHP: {@code --proxy-timeout} (in milliseconds).
         */
        @WithDefault("PT5M")
        Duration response();

        /**
         * How long a browser may take to send a request's head (request line and headers): from
         * the moment its connection opens, and on a kept-alive connection from the first bytes of
         * each further request. Past it the proxy answers 408 and closes the connection, so a
         * client that sends its head a byte at a time (slowloris) cannot hold a connection for the
         * whole idle timeout. Node's {@code headersTimeout} and nginx's
         * {@code client_header_timeout} have the same default. Launcher: {@code --header-timeout}
         * (in milliseconds; CHP has no such option).
         */
        @WithDefault("PT60S")
        Duration header();

        /**
         * How long a connection, from a browser or to a target, may carry no byte either way before
         * it is closed. This includes websockets; Jupyter servers ping theirs every 30 seconds.
         */
        @WithDefault("PT10M")
        Duration idle();
    }

    /** Size and count limits. */
    interface Limits {
        /** Largest request or response header block; larger requests get 431. */
        @WithName("max-header-size")
        @WithDefault("32K")
        MemorySize maxHeaderSize();

        /** Longest request line (method, URL, version); longer requests get 414. */
        @WithName("max-initial-line-length")
        @WithDefault("16K")
        MemorySize maxInitialLineLength();

        /**
         * Most websockets open at once through one route; the next one gets 503 with a message
         * saying so. A browser tab holds a few per notebook, so this only stops runaway clients.
         */
        @WithName("max-websockets-per-route")
        @WithDefault("1000")
        int maxWebsocketsPerRoute();

        /** Largest body the routes API accepts; larger ones get 413. */
        @WithName("max-api-body-size")
        @WithDefault("1M")
        MemorySize maxApiBodySize();
    }

    /** Kept-alive connections to targets, per event loop. */
    interface Pool {
        /**
         * Most connections open at once to one target (host and port) per event loop; more requests wait.
         * Every request in flight holds one, however long it takes, so it must exceed the long requests
         * one target sees at once: the hub in a storm of starts has a waiting start request and a
         * progress stream per user, and a quick API call must not queue behind them.
         */
        @WithName("max-connections-per-target")
        @WithDefault("4096")
        int maxConnectionsPerTarget();

        /**
         * How long an unused connection to a target stays open for reuse. Keep it below the targets'
         * own keep-alive timeout (Jupyter servers: one hour) so the proxy never reuses a closed one.
         */
        @WithName("keep-alive")
        @WithDefault("PT30S")
        Duration keepAlive();
    }
}
