package io.callisto.hub.roles;

import io.callisto.hub.auth.Scopes;
import io.callisto.hub.groups.Group;
import io.callisto.hub.services.Service;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who holds which roles, and so which raw scopes. Every user holds {@code user} ({@code self}); admins
 * hold {@code admin}; users also hold the custom roles given to them or to a group they are in.
 * Services hold {@code admin} when marked admin, and the custom roles given to them.
 */
@ApplicationScoped
public class RoleService {

    /** The built-in roles, which are not rows and cannot be changed. */
    public static final Set<String> BUILT_IN = Set.of("user", "admin", "server", "token");

    public List<String> rawScopes(User user) {
        List<String> scopes = new ArrayList<>(List.of("self"));
        if (user.admin) {
            scopes.addAll(Scopes.ADMIN);
        }
        for (Role role : customRoles(user)) {
            scopes.addAll(role.scopes);
        }
        return scopes;
    }

    public List<String> rawScopes(Service service) {
        List<String> scopes = new ArrayList<>();
        if (service.admin) {
            scopes.addAll(Scopes.ADMIN);
        }
        service.roles.forEach(role -> scopes.addAll(role.scopes));
        return scopes;
    }

    /** Role names as JupyterHub lists them in the user model. */
    public List<String> names(User user) {
        Set<String> names = new LinkedHashSet<>();
        if (user.admin) {
            names.add("admin");
        }
        names.add("user");
        customRoles(user).stream().map(r -> r.name).sorted().forEach(names::add);
        return List.copyOf(names);
    }

    public List<String> names(Service service) {
        Set<String> names = new TreeSet<>();
        if (service.admin) {
            names.add("admin");
        }
        service.roles.forEach(r -> names.add(r.name));
        return List.copyOf(names);
    }

    private static Set<Role> customRoles(User user) {
        Set<Role> roles = new LinkedHashSet<>(user.roles);
        for (Group group : user.groups) {
            roles.addAll(group.roles);
        }
        return roles;
    }
}
