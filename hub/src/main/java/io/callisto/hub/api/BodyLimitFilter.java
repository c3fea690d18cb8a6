package io.callisto.hub.api;

import io.callisto.hub.config.HubConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Refuses a request whose declared body is larger than {@code callisto.api.max-body-size} with a 413 and a
 * JSON message, before reading it. (Bodies sent without a length are cut off at the same limit.) Every
 * other body of an API request that may carry one is then read whole on the event loop, before the
 * request is handed to a worker thread: a worker reading it itself waits for the event loop to bring
 * each part, even the end of an empty body, and a burst of start requests (a class starting at once)
 * held every worker that way while quick reads queued behind them for seconds. An empty body is
 * handed over as an empty buffer (Quarkus REST would otherwise take it as not read yet and wait).
 * HTTP/2 requests are left to Quarkus REST, which refuses a stream whose body was read before it
 * (500, "Request has already been read"); they hold no connection while their body comes.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final int PRIORITY = 200;
    /** After the limit: only bodies within it are read. */
    private static final int READ_PRIORITY = 190;
    private static final Set<HttpMethod> WITHOUT_BODY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    HubConfig config;

    @SuppressWarnings("deprecation") // RoutingContext.setBody: what Quarkus REST reads a pre-read body from
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
            HttpServerRequest request = context.request();
            if (!request.path().startsWith("/hub/api/") || WITHOUT_BODY.contains(request.method())
                    || request.version() == HttpVersion.HTTP_2) {
                context.next();
            } else if (isEmpty(request)) {
                context.setBody(Buffer.buffer());
                context.next();
            } else {
                reader.handle(context);
            }
        }, READ_PRIORITY);
    }

    /** A request over HTTP/1 with neither a length nor chunks has no body. */
    private static boolean isEmpty(HttpServerRequest request) {
        long length = parse(request.getHeader("Content-Length"));
        return length == 0 || (length < 0 && !request.headers().contains("Transfer-Encoding"));
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
