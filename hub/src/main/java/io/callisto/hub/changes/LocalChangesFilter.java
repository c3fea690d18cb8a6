package io.callisto.hub.changes;

import io.callisto.hub.auth.AuthenticationFilter;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Read-your-writes: once a request that may have changed something has committed, and before it is
 * answered, waits until this hub has applied the notices of what it changed ({@link
 * ChangeListener#awaitOwnChanges()}). So a client that revokes a token, removes a role or stops a
 * server here sees the effect on its very next request, and only what actually changed is forgotten.
 */
@Provider
public class LocalChangesFilter implements ContainerResponseFilter {

    @Inject
    ChangeListener changes;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!AuthenticationFilter.SAFE_METHODS.contains(request.getMethod())) {
            changes.awaitOwnChanges();
        }
    }
}
