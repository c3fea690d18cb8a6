package io.callisto.hub.metrics;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Quarkus' own endpoints under {@code /q/} (unauthenticated metrics and the like) answer only requests
 * made to the hub directly, never ones that came through the proxy (which adds {@code X-Forwarded-For}).
 */
@ApplicationScoped
public class InternalEndpointsFilter {

    private static final int PRIORITY = 100;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (context.request().path().startsWith("/q/") && context.request().getHeader("X-Forwarded-For") != null) {
                context.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end("{\"status\": 404, \"message\": \"Not found\"}");
                return;
            }
            context.next();
        }, PRIORITY);
    }
}
