package io.callisto.hub.auth;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Forgets cached token identities once a request that may have changed something has committed and
 * before it is answered, so that a client that revokes a token or a role here sees the effect on its
 * very next request, without waiting for PostgreSQL's announcement to arrive.
 */
@Provider
public class LocalChangesFilter implements ContainerResponseFilter {

    @Inject
    IdentityCache cache;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!AuthenticationFilter.SAFE_METHODS.contains(request.getMethod())) {
            cache.invalidateAll();
        }
    }
}
