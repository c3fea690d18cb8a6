package io.callisto.hub.users;

import io.callisto.hub.auth.Target;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the user model can show of one user, read once: {@link UserModels} cuts it to each
 * caller's scopes, {@link UserCache} keeps it between requests. Immutable.
 *
 * @param target      the user as a scope target: name and groups
 * @param groups      group names, sorted
 * @param roles       role names as JupyterHub lists them
 * @param courseRoles {@code {"course": …, "role": …}}, by course then role
 * @param server      the default server's URL path when it is running, else null
 * @param pending     the default server's {@code pending}: {@code "spawn"}, {@code "stop"} or null
 * @param servers     every server, stopped ones too
 * @param renderings  the user model's JSON as callers with each set of scopes see it (active servers only),
 *                    filled by {@link UserModels#json} as callers come
 */
public record UserView(long id, String name, boolean admin, Instant created, Instant lastActivity, Target target,
                       List<String> groups, List<String> roles, List<Map<String, String>> courseRoles,
                       String server, String pending, List<ServerView> servers,
                       Map<Set<String>, byte[]> renderings) {

    /** One server's model, without and with the spawner's state ({@code admin:server_state}). */
    public record ServerView(String name, boolean active, Map<String, Object> model, Map<String, Object> modelWithState) {
    }
}
