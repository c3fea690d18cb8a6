package io.callisto.hub.metrics;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerStatus;
import io.callisto.hub.users.User;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's metrics under JupyterHub's names (prefix configurable): {@code _total_users},
 * {@code _running_servers}, {@code _active_users{period}}, {@code _server_spawn_duration_seconds{status}},
 * {@code _server_stop_seconds{status}}, {@code _server_poll_duration_seconds},
 * {@code _proxy_add_duration_seconds}, {@code _check_routes_duration_seconds}. Counts come from
 * PostgreSQL when metrics are read, so every replica reports the same totals.
 */
@ApplicationScoped
public class HubMetrics {

    private static final Map<String, Duration> PERIODS = Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    @Inject
    HubConfig config;

    @Inject
    MeterRegistry registry;

    private final AtomicLong totalUsers = new AtomicLong();
    private final AtomicLong runningServers = new AtomicLong();
    private final Map<String, AtomicLong> activeUsers = Map.of("24h", new AtomicLong(), "7d", new AtomicLong(), "30d", new AtomicLong());

    void register(@Observes StartupEvent event) {
        String p = config.metrics().prefix();
        Gauge.builder(p + "_total_users", totalUsers, AtomicLong::get).description("total number of users").register(registry);
        Gauge.builder(p + "_running_servers", runningServers, AtomicLong::get).description("the number of user servers currently running").register(registry);
        activeUsers.forEach((period, value) -> Gauge.builder(p + "_active_users", value, AtomicLong::get)
                .tag("period", period).description("number of users active within a period").register(registry));
    }

    /** Reads the counts from the database; called before metrics are served. */
    public void refresh() {
        QuarkusTransaction.requiringNew().run(() -> {
            totalUsers.set(User.count());
            runningServers.set(Server.count("status", ServerStatus.RUNNING));
            Instant now = Instant.now();
            PERIODS.forEach((period, length) -> activeUsers.get(period).set(User.count("lastActivity >= ?1", now.minus(length))));
        });
    }

    public void spawn(Duration took, boolean success) {
        timer("_server_spawn_duration", "time taken for server spawning operation", "status", success ? "success" : "failure").record(took);
    }

    public void stop(Duration took) {
        timer("_server_stop", "time taken for server stopping operation", "status", "success").record(took);
    }

    public void poll(Duration took) {
        timer("_server_poll_duration", "time taken to poll if server is running", "status", "success").record(took);
    }

    public void proxyAdd(Duration took) {
        timer("_proxy_add_duration", "time taken for adding user to proxy", "status", "success").record(took);
    }

    public void checkRoutes(Duration took) {
        timer("_check_routes_duration", "time taken to validate all routes in proxy", "status", "success").record(took);
    }

    private Timer timer(String name, String description, String tag, String value) {
        return Timer.builder(config.metrics().prefix() + name).description(description).tag(tag, value)
                .publishPercentileHistogram().register(registry);
    }
}
