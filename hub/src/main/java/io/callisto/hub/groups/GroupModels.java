package io.callisto.hub.groups;

import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * JupyterHub's group model, cut to the caller's scopes: {@code read:groups:name} shows the name,
 * {@code read:groups} the members and properties, {@code read:roles:groups} the roles. Callisto adds
 * {@code managed_by}: {@code "oidc"} for a group the identity provider keeps, else null.
 */
@ApplicationScoped
public class GroupModels {

    public Map<String, Object> of(Group group, Identity caller) {
        Target target = new Target(null, Set.of(group.name), null, null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "group");
        model.put("name", group.name);
        model.put("managed_by", group.managedBy);
        if (caller.may("read:groups", target)) {
            model.put("users", group.members.stream().map(u -> u.name).sorted().toList());
            model.put("properties", group.properties);
        }
        if (caller.may("read:roles:groups", target)) {
            model.put("roles", group.roles.stream().map(r -> r.name).sorted().toList());
        }
        return model;
    }
}
