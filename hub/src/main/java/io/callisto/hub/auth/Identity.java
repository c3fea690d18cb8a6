package io.callisto.hub.auth;

import java.util.Set;

/**
 * Who made a request, and what they may do.
 *
 * @param kind      a user or a service
 * @param name      the user's or service's name
 * @param id        the user's or service's row id
 * @param scopes    the expanded scopes this request carries
 * @param tokenId   the API token used, or null for the login cookie
 * @param sessionId the login session (cookie, or the session an OAuth token belongs to), or null
 */
public record Identity(Kind kind, String name, long id, Set<String> scopes, Long tokenId, Long sessionId) {

    public enum Kind { USER, SERVICE }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    public boolean viaCookie() {
        return tokenId == null;
    }

    public boolean may(String scope, String user) {
        return Scopes.allows(scopes, scope, user);
    }

    public boolean may(String scope, Target target) {
        return Scopes.allows(scopes, scope, target);
    }
}
