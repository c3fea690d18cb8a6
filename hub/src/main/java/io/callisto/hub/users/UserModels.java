package io.callisto.hub.users;

import static io.callisto.hub.api.Timestamps.iso;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

    @Inject
    ObjectMapper mapper;

    private static final int RENDERINGS = 8;

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "read:users", Set.of("kind", "name", "admin", "roles", "groups", "course_roles", "server", "pending", "created", "last_activity"),
            "read:users:name", Set.of("kind", "name", "admin"),
            "read:users:groups", Set.of("kind", "name", "groups"),
            "read:users:activity", Set.of("kind", "name", "last_activity"),
            "read:servers", Set.of("kind", "name", "servers"),
            "read:roles:users", Set.of("kind", "name", "roles", "admin"));

    /** The user as the caller may see them: active servers only, unless {@code includeStopped}. */
    public Map<String, Object> of(UserView user, Identity caller, boolean includeStopped) {
        Set<String> visible = FIELDS.entrySet().stream().filter(e -> caller.may(e.getKey(), user.target()))
                .flatMap(e -> e.getValue().stream()).collect(Collectors.toCollection(HashSet::new));
        visible.add("kind");
        visible.add("name");
        Map<String, Object> model = new LinkedHashMap<>();
        put(model, visible, "kind", "user");
        put(model, visible, "name", user.name());
        put(model, visible, "admin", user.admin());
        put(model, visible, "roles", user.roles());
        put(model, visible, "groups", user.groups());
        put(model, visible, "course_roles", user.courseRoles());
        put(model, visible, "server", user.server());
        put(model, visible, "pending", user.pending());
        put(model, visible, "created", iso(user.created()));
        put(model, visible, "last_activity", iso(user.lastActivity()));
        if (visible.contains("servers")) {
            Map<String, Object> listed = new LinkedHashMap<>();
            user.servers().stream().filter(s -> includeStopped || s.active()).forEach(s -> listed.put(s.name(),
                    caller.may("admin:server_state", new Target(user.name(), user.target().groups(), s.name(), null))
                            ? s.modelWithState() : s.model()));
            model.put("servers", listed);
        }
        return model;
    }

    /**
     * As {@link #of(UserView, Identity)}, serialized: made once per set of scopes and kept with the view
     * (at most {@value #RENDERINGS} sets), since a cached user is mostly read by the same few callers.
     */
    public byte[] json(UserView user, Identity caller) {
        byte[] kept = user.renderings().get(caller.scopes());
        if (kept != null) {
            return kept;
        }
        try {
            byte[] json = mapper.writeValueAsBytes(of(user, caller));
            if (user.renderings().size() < RENDERINGS) {
                user.renderings().putIfAbsent(caller.scopes(), json);
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The user model cannot be serialized", e);
        }
    }

    /** As {@link #of(UserView, Identity, boolean)}, active servers only. */
    public Map<String, Object> of(UserView user, Identity caller) {
        return of(user, caller, false);
    }

    private static void put(Map<String, Object> model, Set<String> visible, String field, Object value) {
        if (visible.contains(field)) {
            model.put(field, value);
        }
    }
}
