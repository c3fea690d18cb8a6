package io.callisto.hub.users;

import static io.callisto.hub.api.Timestamps.iso;

import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.Target;
import io.callisto.hub.courses.CourseRole;
import io.callisto.hub.roles.RoleService;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerModels;
import io.callisto.hub.servers.ServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * JupyterHub's user model, cut to the fields the caller's scopes reach for that user, as JupyterHub's
 * {@code user_model} does: {@code read:users:name} shows the name, {@code read:users:groups} the groups,
 * {@code read:users:activity} the last activity, {@code read:roles:users} the roles, {@code read:users}
 * all of those and the server summary, {@code read:servers} the servers, {@code admin:server_state} their state.
 * Whoever may see a user at all (to list them, say) sees their {@code kind} and {@code name}. Callisto adds
 * {@code course_roles} ({@code [{"course": "CS101", "role": "instructor"}]}, from the identity provider) under {@code read:users}.
 */
@ApplicationScoped
public class UserModels {

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "read:users", Set.of("kind", "name", "admin", "roles", "groups", "course_roles", "server", "pending", "created", "last_activity"),
            "read:users:name", Set.of("kind", "name", "admin"),
            "read:users:groups", Set.of("kind", "name", "groups"),
            "read:users:activity", Set.of("kind", "name", "last_activity"),
            "read:servers", Set.of("kind", "name", "servers"),
            "read:roles:users", Set.of("kind", "name", "roles", "admin"));

    @Inject
    ServerModels servers;

    @Inject
    RoleService roles;

    /** The user as the caller may see them; active servers only. */
    public Map<String, Object> of(User user, Identity caller) {
        return of(user, caller, false, Server.list("user", user), () -> CourseRole.of(user.id));
    }

    /**
     * @param includeStopped list stopped servers in {@code servers} too
     * @param owned          the user's servers (passed in so that lists can load them in one query)
     * @param courseRoles    the user's course roles, asked only when the caller may see them (lists load them in one query)
     */
    public Map<String, Object> of(User user, Identity caller, boolean includeStopped, List<Server> owned,
                                  Supplier<List<CourseRole>> courseRoles) {
        Target target = Target.user(user.name, user.groups.stream().map(g -> g.name).collect(Collectors.toSet()));
        Set<String> visible = FIELDS.entrySet().stream().filter(e -> caller.may(e.getKey(), target))
                .flatMap(e -> e.getValue().stream()).collect(Collectors.toCollection(java.util.HashSet::new));
        visible.add("kind");
        visible.add("name");
        Map<String, Object> model = new LinkedHashMap<>();
        Server defaultServer = owned.stream().filter(s -> s.name.isEmpty()).findFirst().orElse(null);
        put(model, visible, "kind", "user");
        put(model, visible, "name", user.name);
        put(model, visible, "admin", user.admin);
        if (visible.contains("roles")) {
            model.put("roles", roles.names(user));
        }
        if (visible.contains("groups")) {
            model.put("groups", user.groups.stream().map(g -> g.name).sorted().toList());
        }
        if (visible.contains("course_roles")) {
            model.put("course_roles", courseRoles.get().stream()
                    .map(r -> Map.of("course", r.course, "role", r.role)).toList());
        }
        put(model, visible, "server", defaultServer != null && defaultServer.status == ServerStatus.RUNNING ? defaultServer.prefix() : null);
        put(model, visible, "pending", defaultServer == null ? null : ServerModels.pending(defaultServer));
        put(model, visible, "created", iso(user.created));
        put(model, visible, "last_activity", iso(user.lastActivity));
        if (visible.contains("servers")) {
            Map<String, Object> listed = new LinkedHashMap<>();
            owned.stream().filter(s -> includeStopped || s.status.active()).forEach(s ->
                    listed.put(s.name, servers.of(s, caller.may("admin:server_state", new Target(user.name, target.groups(), s.name, null)))));
            model.put("servers", listed);
        }
        return model;
    }

    private static void put(Map<String, Object> model, Set<String> visible, String field, Object value) {
        if (visible.contains(field)) {
            model.put(field, value);
        }
    }
}
