package io.callisto.hub.users;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.auth.Target;
import io.callisto.hub.courses.CourseRole;
import io.callisto.hub.roles.RoleService;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerModels;
import io.callisto.hub.servers.ServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Users as {@link UserView}s: single users from the {@link UserCache} or read in two statements (the
 * user with groups, roles and course roles; then servers) and kept; users already read (a page, a
 * write) turned into views as they are.
 */
@ApplicationScoped
public class UserViews {

    @Inject
    UserCache cache;

    @Inject
    RoleService roles;

    @Inject
    ServerModels serverModels;

    /** The user with this name (normalised here), or a 404. */
    public UserView require(String rawName) {
        return byName(UserNames.normalise(rawName)).orElseThrow(() -> ApiException.notFound("No such user: " + rawName));
    }

    /** The user with this normalised name. */
    public Optional<UserView> byName(String name) {
        return cachedOr(cache.byName(name), () -> User.withModelByName(name));
    }

    public Optional<UserView> byId(long id) {
        return cachedOr(cache.byId(id), () -> User.withModelById(id));
    }

    /** A user read in this request, with their servers and course roles read now if not yet. */
    public UserView of(User user) {
        return of(user, Server.list("user", user), user.courseRoles);
    }

    /** A user whose servers and course roles were read already (for a whole page, say). */
    public UserView of(User user, List<Server> owned, Collection<CourseRole> courseRoles) {
        Server home = owned.stream().filter(s -> s.name.isEmpty()).findFirst().orElse(null);
        List<String> groups = user.groups.stream().map(g -> g.name).sorted().toList();
        return new UserView(user.id, user.name, user.admin, user.created, user.lastActivity,
                Target.user(user.name, Set.copyOf(groups)), groups, roles.names(user),
                courseRoles.stream().sorted(Comparator.comparing((CourseRole r) -> r.course).thenComparing(r -> r.role))
                        .map(r -> Map.of("course", r.course, "role", r.role)).toList(),
                home != null && home.status == ServerStatus.RUNNING ? home.prefix() : null,
                home == null ? null : ServerModels.pending(home),
                owned.stream().map(this::serverView).toList(), new ConcurrentHashMap<>());
    }

    private UserView.ServerView serverView(Server server) {
        return new UserView.ServerView(server.name, server.status.active(),
                Collections.unmodifiableMap(serverModels.of(server, false)), Collections.unmodifiableMap(serverModels.of(server, true)));
    }

    private Optional<UserView> cachedOr(UserView cached, Supplier<Optional<User>> load) {
        if (cached != null) {
            return Optional.of(cached);
        }
        long generation = cache.generation();
        Optional<UserView> loaded = load.get().map(this::of);
        loaded.ifPresent(view -> cache.put(view, generation));
        return loaded;
    }
}
