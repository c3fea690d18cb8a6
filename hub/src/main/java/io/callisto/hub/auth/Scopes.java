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
            Map.entry("admin:groups", List.of("groups")),
            Map.entry("groups", List.of("read:groups", "list:groups")),
            Map.entry("read:groups", List.of("read:groups:name")),
            Map.entry("read:roles", List.of("read:roles:users", "read:roles:groups", "read:roles:services")));

    /** The admin role's scopes: JupyterHub's, including {@code access:servers}. */
    public static final List<String> ADMIN = List.of(
            "admin-ui", "admin:users", "admin:servers", "tokens", "admin:groups", "read:services", "read:hub",
            "proxy", "shutdown", "access:services", "access:servers", "read:roles", "read:metrics");

    /** What {@code self} stands for, each narrowed to the user. */
    private static final List<String> SELF = List.of(
            "servers", "access:servers", "read:users", "users:activity", "tokens", "read:roles:users");

    private Scopes() {
    }

    /** The scopes of the server role for one server: report activity, let its owner in. */
    public static List<String> serverRole(String user, String serverName) {
        return List.of("users:activity!user=" + user, "read:users:name!user=" + user,
                "access:servers!server=" + user + "/" + serverName);
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

    /** Whether {@code scopes} allow {@code scope} on all of {@code user}'s things. */
    public static boolean allows(Set<String> scopes, String scope, String user) {
        return scopes.contains(scope) || (user != null && scopes.contains(scope + "!user=" + user));
    }

    /** Whether {@code scopes} allow {@code scope} on one server of {@code user}. */
    public static boolean allowsServer(Set<String> scopes, String scope, String user, String serverName) {
        return allows(scopes, scope, user) || scopes.contains(scope + "!server=" + user + "/" + serverName);
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
