package io.callisto.hub.metrics;

import io.callisto.hub.auth.RequiresScope;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /hub/metrics}: Prometheus text, for callers with {@code read:metrics} (JupyterHub's default). */
@Path("/hub/metrics")
public class MetricsResource {

    @Inject
    HubMetrics metrics;

    @Inject
    PrometheusMeterRegistry registry;

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @RequiresScope("read:metrics")
    public String scrape() {
        metrics.refresh();
        return registry.scrape();
    }
}
