package io.callisto.hub.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.BiConsumer;

/**
 * Spares every API request a cost of Quarkus 3.27's REST layer. When the HTTP security layer's default
 * failure handler is in place (it is: the OIDC login uses {@code @Authenticated}), Quarkus REST replaces
 * it per request with one that hands failures to the REST layer, and first works out the request's URL
 * template for metrics by building a new {@code RequestMapper} over every resource: about a fifth of
 * the hub's CPU for a cached {@code GET /hub/api/users/{name}} (bench/api/PROFILE.md). The API
 * authenticates in its own filters and never fails in the security layer, so under {@code /hub/api/}
 * this filter installs the same hand-over itself, which Quarkus REST then leaves alone.
 */
@ApplicationScoped
public class ApiAuthFailureFilter {

    /** The routing-context key under which Quarkus' security layer keeps its failure handler. */
    static final String KEY = "io.quarkus.vertx.http.auth-failure-handler";
    /**
     * Between the security layer's authentication handler, which sets the key (also 200: Quarkus runs its
     * own filters first at equal priority, as for {@link BodyLimitFilter}), and Quarkus REST's filter that
     * would replace it (199).
     */
    private static final int PRIORITY = SecurityHandlerPriorities.AUTHENTICATION;
    private static final BiConsumer<RoutingContext, Throwable> TO_REST = (context, failure) -> {
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(context, failure);
        if (!context.failed()) {
            context.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
    };

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (context.get(KEY) instanceof DefaultAuthFailureHandler && context.request().path().startsWith("/hub/api/")) {
                context.put(KEY, TO_REST);
            }
            context.next();
        }, PRIORITY);
    }
}
