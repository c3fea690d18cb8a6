package io.callisto.hub.auth;

import io.callisto.hub.roles.RoleService;
import io.callisto.hub.services.Service;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** Works out what a user, a service or a token may do: roles to scopes, tokens cut to their owner. */
@ApplicationScoped
public class Identities {

    @Inject
    RoleService roles;

    /** Every scope a user holds now, expanded. */
    public Set<String> scopesOf(User user) {
        return Scopes.expand(roles.rawScopes(user), user.name);
    }

    public Identity ofSession(LoginSession session) {
        User user = session.user;
        return new Identity(Identity.Kind.USER, user.name, user.id, scopesOf(user), null, session.id);
    }

    public Identity ofToken(ApiToken token) {
        if (token.user != null) {
            User user = token.user;
            Set<String> owner = scopesOf(user);
            return new Identity(Identity.Kind.USER, user.name, user.id, cut(token, owner, user.name), token.id, token.sessionId);
        }
        Service service = token.service;
        Set<String> owner = Scopes.expand(roles.rawScopes(service), null);
        return new Identity(Identity.Kind.SERVICE, service.name, service.id, cut(token, owner, null), token.id, null);
    }

    /** A token's scopes, cut to what its owner holds ({@code inherit}: all of it). */
    private static Set<String> cut(ApiToken token, Set<String> owner, String ownerName) {
        return token.scopes.contains("inherit") ? owner : Scopes.intersect(Scopes.expand(token.scopes, ownerName), owner);
    }
}
