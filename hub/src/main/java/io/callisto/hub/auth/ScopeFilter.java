package io.callisto.hub.auth;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.users.UserNames;
import io.callisto.hub.users.UserViews;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.Set;

/**
 * Enforces {@link RequiresScope} on every API endpoint that declares it. The target is read from the
 * path; a user's groups are looked up (in {@link UserViews}) only when the caller holds {@code !group=} scopes that could
 * decide.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ScopeFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    Caller caller;

    @Inject
    UserViews views;

    @Override
    public void filter(ContainerRequestContext request) {
        RequiresScope needs = resource.getResourceMethod().getAnnotation(RequiresScope.class);
        if (needs == null) {
            return;
        }
        Identity identity = caller.require();
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        String user = param(path, needs.user());
        user = user == null ? null : UserNames.normalise(user);
        String server = needs.server().isEmpty() ? (user == null ? null : "") : param(path, needs.server());
        String service = param(path, needs.service());
        Target target = new Target(user, Set.of(), server, service);
        String group = param(path, needs.group());
        if (user == null && group == null && service == null) {
            // A list: any filtered form of the scope lets the caller in; the list is then cut to what it reaches.
            if (Arrays.stream(needs.value()).anyMatch(scope -> Scopes.holdsAny(identity.scopes(), scope))) {
                return;
            }
        } else if (group != null) {
            if (anyAllowed(identity, needs, Target.NONE) || anyAllowed(identity, needs, new Target(null, Set.of(group), null, null))) {
                return;
            }
        } else if (anyAllowed(identity, needs, target)) {
            return;
        } else if (user != null && holdsGroupFilter(identity, needs)
                && anyAllowed(identity, needs, new Target(user, groupsOf(user), server, service))) {
            return;
        }
        throw ApiException.forbidden("Action is not authorized with current scopes; requires any of "
                + Arrays.toString(needs.value()));
    }

    private static boolean anyAllowed(Identity identity, RequiresScope needs, Target target) {
        return Arrays.stream(needs.value()).anyMatch(scope -> identity.may(scope, target));
    }

    private static boolean holdsGroupFilter(Identity identity, RequiresScope needs) {
        return Arrays.stream(needs.value()).anyMatch(scope -> identity.scopes().stream().anyMatch(s -> s.startsWith(scope + "!group=")));
    }

    private Set<String> groupsOf(String user) {
        return views.byName(user).map(u -> u.target().groups()).orElse(Set.of());
    }

    private static String param(MultivaluedMap<String, String> path, String name) {
        return name.isEmpty() ? null : path.getFirst(name);
    }
}
