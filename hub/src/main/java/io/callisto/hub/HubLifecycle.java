package io.callisto.hub;

import io.callisto.hub.auth.BootstrapAccounts;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.culler.CullerService;
import io.callisto.hub.culler.IdleCuller;
import io.callisto.hub.proxy.ProxyLauncher;
import io.callisto.hub.proxy.RouteSync;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerStatus;
import io.callisto.hub.servers.ServerWatch;
import io.callisto.hub.servers.SpawnService;
import io.callisto.hub.services.ConfiguredServices;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The order in which the hub comes up and goes down. Up: accounts, proxy, settle what a previous hub
 * left, routes. Then the periodic loops (server polling, route sync) run. Down: stop servers when
 * configured to, then the child proxy; the embedded database stops last.
 */
@ApplicationScoped
public class HubLifecycle {

    private static final Logger LOG = Logger.getLogger(HubLifecycle.class);

    @Inject
    HubConfig config;

    @Inject
    BootstrapAccounts accounts;

    @Inject
    ConfiguredServices services;

    @Inject
    CullerService culler;

    @Inject
    IdleCuller idleCuller;

    @Inject
    ProxyLauncher proxy;

    @Inject
    ServerWatch watch;

    @Inject
    RouteSync routes;

    @Inject
    SpawnService spawns;

    private volatile boolean ready;
    private volatile Boolean stopServers;
    private volatile Boolean stopProxy;

    /** Overrides, for the coming shutdown, whether servers and the proxy stop with the hub (null: as configured). */
    public void shutdownWith(Boolean servers, Boolean proxy) {
        stopServers = servers;
        stopProxy = proxy;
    }

    void start(@Observes StartupEvent event) throws Exception {
        accounts.ensure();
        services.apply();
        culler.register();
        proxy.start();
        watch.recover();
        routes.sync();
        ready = true;
        LOG.infof("Callisto is ready at %s", config.publicUrl().map(Object::toString)
                .orElse("http://127.0.0.1:" + config.proxy().publicPort() + "/"));
    }

    void stop(@Observes ShutdownEvent event) {
        ready = false;
        if (stopServers == null ? config.servers().stopOnShutdown() : stopServers) {
            List<String[]> active = QuarkusTransaction.requiringNew().call(() -> Server.<Server>list("status in ?1",
                    List.of(ServerStatus.RUNNING, ServerStatus.PENDING)).stream()
                    .map(s -> new String[] {s.user.name, s.name}).toList());
            active.parallelStream().forEach(s -> {
                try {
                    spawns.stop(s[0], s[1]);
                } catch (RuntimeException e) {
                    LOG.warnf("Could not stop %s's server: %s", s[0], e.getMessage());
                }
            });
        }
        if (stopProxy == null || stopProxy) {
            proxy.stop();
        }
    }

    @Scheduled(every = "${callisto.servers.poll-interval}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollServers() {
        if (ready) {
            watch.pollRunning();
        }
    }

    @Scheduled(every = "${callisto.culler.every}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cullIdleServers() {
        String token = culler.token();
        if (ready && token != null) {
            try {
                idleCuller.cull(token, java.time.Instant.now());
            } catch (Exception e) {
                LOG.warnf("Idle culler pass failed: %s", e.getMessage());
            }
        }
    }

    @Scheduled(every = "${callisto.proxy.sync-interval}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void syncRoutes() {
        if (ready) {
            try {
                routes.sync();
            } catch (RuntimeException e) {
                LOG.warnf("Route sync failed: %s", e.getMessage());
            }
        }
    }
}
