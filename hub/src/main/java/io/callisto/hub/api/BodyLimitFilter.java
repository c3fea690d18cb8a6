package io.callisto.hub.api;

import io.callisto.hub.config.HubConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a request whose declared body is larger than {@code callisto.api.max-body-size} with a 413 and a
 * JSON message, before reading it. (Bodies sent without a length are cut off at the same limit by the
 * HTTP layer.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final int PRIORITY = 200;

    @Inject
    HubConfig config;

    void register(@Observes Filters filters) {
        long limit = config.api().maxBodySize().asLongValue();
        filters.register(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && parse(length) > limit) {
                context.response().setStatusCode(413).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                        .end("{\"status\": 413, \"message\": \"Request body too large: at most " + limit + " bytes\"}");
                return;
            }
            context.next();
        }, PRIORITY);
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
