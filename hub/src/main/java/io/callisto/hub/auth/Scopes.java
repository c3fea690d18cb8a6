package io.callisto.hub.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JupyterHub's scope vocabulary, as far as Callisto uses it. A scope is a name ({@code servers}),
 * optionally narrowed by a filter ({@code servers!user=alice}, {@code access:servers!server=alice/}).
 * Scopes imply narrower ones ({@code admin:users} implies {@code users}, which implies
 * {@code read:users}, ...); a filter carries over to what a scope implies. {@code self} stands for
 * everything a user may do with their own things.
 */
public final class Scopes {

    /** What each scope implies directly (JupyterHub's {@code scopes.py}). */
    private static final Map<String, List<String>> IMPLIES = Map.ofEntries(
            Map.entry("admin:users", List.of("admin:auth_state", "users", "read:roles:users", "delete:users")),
            Map.entry("users", List.of("read:users", "list:users", "users:activity")),
            Map.entry("read:users", List.of("read:users:name", "read:users:groups", "read:users:activity")),
            Map.entry("users:activity", List.of("read:users:activity")),
            Map.entry("admin:servers", List.of("admin:server_state", "servers")),
            Map.entry("servers", List.of("read:servers", "delete:servers")),
            Map.entry("read:servers", List.of("read:users:name")),
            Map.entry("tokens", List.of("read:tokens")),
            Map.entry("admin:groups", List.of("groups", "read:roles:groups", "delete:groups")),
            Map.entry("groups", List.of("read:groups", "list:groups")),
            Map.entry("read:groups", List.of("read:groups:name")),
            Map.entry("read:roles", List.of("read:roles:users", "read:roles:groups", "read:roles:services")),
            Map.entry("read:services", List.of("read:services:name", "read:roles:services")),
            // Callisto's own: IPython history and %store variables kept by the hub (package ipython).
            Map.entry("admin:ipython", List.of("ipython")),
            Map.entry("ipython", List.of("read:ipython")));

    /** Scopes that imply nothing further; with {@link #IMPLIES}' keys, every scope Callisto knows. */
    private static final Set<String> LEAVES = Set.of(
            "admin-ui", "admin:auth_state", "read:roles:users", "delete:users", "list:users", "read:users:name",
            "read:users:groups", "read:users:activity", "admin:server_state", "delete:servers", "read:tokens",
            "read:groups:name", "list:groups", "delete:groups", "read:roles:groups", "read:roles:services",
            "read:services:name", "list:services", "access:servers", "access:services", "proxy", "shutdown",
            "read:hub", "read:metrics", "read:ipython");

    /** The filters a scope may carry. */
    private static final Set<String> FILTER_KINDS = Set.of("user", "server", "group", "service");

    /** The admin role's scopes: JupyterHub's, including {@code access:servers}. */
    public static final List<String> ADMIN = List.of(
            "admin-ui", "admin:users", "admin:servers", "tokens", "admin:groups", "list:services", "read:services",
            "read:hub", "proxy", "shutdown", "access:services", "access:servers", "read:roles", "read:metrics",
            "admin:ipython");

    /** What {@code self} stands for, each narrowed to the user. */
    private static final List<String> SELF = List.of(
            "servers", "access:servers", "read:users", "users:activity", "tokens", "read:roles:users", "ipython");

    private Scopes() {
    }

    /** The scopes of the server role for one server: report activity, let its owner in, keep its owner's IPython state. */
    public static List<String> serverRole(String user, String serverName) {
        return List.of("users:activity!user=" + user, "read:users:name!user=" + user,
                "access:servers!server=" + user + "/" + serverName, "ipython!user=" + user);
    }

    /** The scopes that let a person into one server, as JupyterHub passes them to it. */
    public static List<String> accessScopes(String user, String serverName) {
        return List.of("access:servers!server=" + user + "/" + serverName, "access:servers!user=" + user);
    }

    /**
     * Every scope that {@code raw} grants, with implications and {@code self} resolved for
     * {@code owner} (null for a service, whose {@code self} grants nothing).
     */
    public static Set<String> expand(Collection<String> raw, String owner) {
        Set<String> out = new HashSet<>();
        List<String> todo = new ArrayList<>();
        for (String scope : raw) {
            if (scope.equals("self")) {
                if (owner != null) {
                    SELF.forEach(s -> todo.add(s + "!user=" + owner));
                }
            } else if (scope.endsWith("!user") && owner != null) {
                todo.add(scope + "=" + owner);
            } else {
                todo.add(scope);
            }
        }
        while (!todo.isEmpty()) {
            String scope = todo.remove(todo.size() - 1);
            if (out.add(scope)) {
                String filter = filterOf(scope);
                for (String implied : IMPLIES.getOrDefault(baseOf(scope), List.of())) {
                    todo.add(filter.isEmpty() ? implied : implied + "!" + filter);
                }
            }
        }
        return out;
    }

    /**
     * The part of a token's expanded scopes that its owner's expanded scopes also grant: a token never
     * does more than its owner may do now. A narrower filter of a scope the owner holds more broadly is
     * kept ({@code access:servers!server=alice/} under {@code access:servers!user=alice}).
     */
    public static Set<String> intersect(Set<String> token, Set<String> owner) {
        Set<String> out = new HashSet<>();
        for (String scope : token) {
            String base = baseOf(scope);
            String filter = filterOf(scope);
            if (filter.isEmpty()) {
                owner.stream().filter(o -> baseOf(o).equals(base)).forEach(out::add);
            } else if (grants(owner, base, filter)) {
                out.add(scope);
            }
        }
        return out;
    }

    /**
     * Whether {@code scopes} allow {@code scope} on {@code target}: unfiltered, or through a filter that
     * names the target's user, one of its groups, its server or its service.
     */
    public static boolean allows(Set<String> scopes, String scope, Target target) {
        if (scopes.contains(scope)) {
            return true;
        }
        if (target.user() != null) {
            if (scopes.contains(scope + "!user=" + target.user())) {
                return true;
            }
            for (String group : target.groups()) {
                if (scopes.contains(scope + "!group=" + group)) {
                    return true;
                }
            }
            if (target.server() != null && scopes.contains(scope + "!server=" + target.user() + "/" + target.server())) {
                return true;
            }
        }
        return target.service() != null && scopes.contains(scope + "!service=" + target.service());
    }

    /** Whether {@code scopes} allow {@code scope} on all of {@code user}'s things (group filters not consulted). */
    public static boolean allows(Set<String> scopes, String scope, String user) {
        return allows(scopes, scope, Target.user(user));
    }

    /** Whether {@code scopes} allow {@code scope} on one server of {@code user}. */
    public static boolean allowsServer(Set<String> scopes, String scope, String user, String serverName) {
        return allows(scopes, scope, new Target(user, Set.of(), serverName, null));
    }

    /** Whether {@code scopes} hold {@code scope} for anything at all (with or without a filter). */
    public static boolean holdsAny(Set<String> scopes, String scope) {
        return scopes.stream().anyMatch(s -> baseOf(s).equals(scope));
    }

    /**
     * Checks a scope someone asks for (for a token or a role): a known name, a known filter kind.
     * Returns a message saying what is wrong, or null when it is fine.
     */
    public static String problemWith(String scope) {
        if (scope.equals("self") || scope.equals("inherit")) {
            return null;
        }
        String base = baseOf(scope);
        if (!IMPLIES.containsKey(base) && !LEAVES.contains(base)) {
            return "Unknown scope '" + base + "'";
        }
        String filter = filterOf(scope);
        if (!filter.isEmpty()) {
            int eq = filter.indexOf('=');
            String kind = eq < 0 ? filter : filter.substring(0, eq);
            if (!FILTER_KINDS.contains(kind) || (eq < 0 && !kind.equals("user") && !kind.equals("server"))) {
                return "Unknown filter '!" + filter + "' in scope '" + scope + "'";
            }
        }
        return null;
    }

    private static boolean grants(Set<String> owner, String base, String filter) {
        if (owner.contains(base) || owner.contains(base + "!" + filter)) {
            return true;
        }
        if (filter.startsWith("server=")) {
            String server = filter.substring("server=".length());
            String user = server.substring(0, Math.max(0, server.indexOf('/')));
            return owner.contains(base + "!user=" + user);
        }
        return false;
    }

    static String baseOf(String scope) {
        int bang = scope.indexOf('!');
        return bang < 0 ? scope : scope.substring(0, bang);
    }

    static String filterOf(String scope) {
        int bang = scope.indexOf('!');
        return bang < 0 ? "" : scope.substring(bang + 1);
    }
}
