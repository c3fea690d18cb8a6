package io.callisto.hub.auth;

import io.callisto.hub.services.Service;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Works out what a user, a service or a token may do: roles to scopes, tokens cut to their owner. */
@ApplicationScoped
public class Identities {

    /** The raw scopes of a user's roles: {@code user} ({@code self}), plus {@code admin}'s for admins. */
    public static List<String> roleScopes(User user) {
        List<String> scopes = new ArrayList<>(List.of("self"));
        if (user.admin) {
            scopes.addAll(Scopes.ADMIN);
        }
        return scopes;
    }

    /** The role names JupyterHub would list for a user. */
    public static List<String> roleNames(User user) {
        return user.admin ? List.of("admin", "user") : List.of("user");
    }

    public Identity ofSession(LoginSession session) {
        User user = session.user;
        return new Identity(Identity.Kind.USER, user.name, user.id, Scopes.expand(roleScopes(user), user.name), null, session.id);
    }

    public Identity ofToken(ApiToken token) {
        if (token.user != null) {
            User user = token.user;
            Set<String> owner = Scopes.expand(roleScopes(user), user.name);
            Set<String> granted = token.scopes.contains("inherit") ? owner
                    : Scopes.intersect(Scopes.expand(token.scopes, user.name), owner);
            return new Identity(Identity.Kind.USER, user.name, user.id, granted, token.id, token.sessionId);
        }
        Service service = token.service;
        Set<String> owner = Scopes.expand(service.admin ? Scopes.ADMIN : List.of(), null);
        Set<String> granted = token.scopes.contains("inherit") ? owner
                : Scopes.intersect(Scopes.expand(token.scopes, null), owner);
        return new Identity(Identity.Kind.SERVICE, service.name, service.id, granted, token.id, null);
    }
}
