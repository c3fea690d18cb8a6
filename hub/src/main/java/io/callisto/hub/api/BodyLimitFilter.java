package io.callisto.hub.api;

import io.callisto.hub.config.HubConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Refuses a request whose declared body is larger than {@code callisto.api.max-body-size} with a 413 and a
 * JSON message, before reading it. (Bodies sent without a length are cut off at the same limit by the
 * HTTP layer.) An accepted body of an API request with a length is then read whole on the event loop,
 * before the request is handed to a worker thread: a worker reading it itself waits for the event loop
 * to bring each part, and a burst of start requests (a class starting at once) held every worker that
 * way while quick reads queued behind them for seconds. (Empty bodies are left alone: Quarkus REST
 * reads an empty pre-read body as missing and waits for one.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final int PRIORITY = 200;
    /** After the limit: only bodies within it are read. */
    private static final int READ_PRIORITY = 190;
    private static final Set<HttpMethod> WITHOUT_BODY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    HubConfig config;

    void register(@Observes Filters filters) {
        long limit = config.api().maxBodySize().asLongValue();
        filters.register(context -> {
            if (parse(context.request().getHeader("Content-Length")) > limit) {
                context.response().setStatusCode(413).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                        .end("{\"status\": 413, \"message\": \"Request body too large: at most " + limit + " bytes\"}");
                return;
            }
            context.next();
        }, PRIORITY);
        BodyHandler reader = BodyHandler.create(false).setBodyLimit(limit);
        filters.register(context -> {
            if (context.request().path().startsWith("/hub/api/") && !WITHOUT_BODY.contains(context.request().method())
                    && parse(context.request().getHeader("Content-Length")) > 0) {
                reader.handle(context);
            } else {
                context.next();
            }
        }, READ_PRIORITY);
    }

    private static long parse(String length) {
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
