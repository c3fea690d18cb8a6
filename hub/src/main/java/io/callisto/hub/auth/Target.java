package io.callisto.hub.auth;

import java.util.Set;

/**
 * What a request acts on, for checking filtered scopes: a user (with the groups they are in, for
 * {@code !group=} filters), optionally one of their servers, or a service.
 */
public record Target(String user, Set<String> groups, String server, String service) {

    public Target {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    public static Target user(String user) {
        return new Target(user, Set.of(), null, null);
    }

    public static Target user(String user, Set<String> groups) {
        return new Target(user, groups, null, null);
    }

    public static Target service(String service) {
        return new Target(null, Set.of(), null, service);
    }

    /** Nothing in particular: only unfiltered scopes allow. */
    public static final Target NONE = new Target(null, Set.of(), null, null);
}
