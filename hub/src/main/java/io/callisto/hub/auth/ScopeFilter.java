package io.callisto.hub.auth;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.users.UserNames;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;

/** Enforces {@link RequiresScope} on every API endpoint that declares it. */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ScopeFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        RequiresScope needs = resource.getResourceMethod().getAnnotation(RequiresScope.class);
        if (needs == null) {
            return;
        }
        Identity identity = caller.require();
        String user = needs.user().isEmpty() ? null
                : UserNames.normalise(request.getUriInfo().getPathParameters().getFirst(needs.user()));
        boolean allowed = Arrays.stream(needs.value()).anyMatch(scope -> identity.may(scope, user));
        if (!allowed) {
            throw ApiException.forbidden("Action is not authorized with current scopes; requires any of "
                    + Arrays.toString(needs.value()));
        }
    }
}
