package io.callisto.hub.groups;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.Names;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates and deletes groups and changes their members and properties. Unknown users are a 400, nothing changed. */
@ApplicationScoped
public class GroupService {

    public static Group require(String name) {
        return Group.byName(name).orElseThrow(() -> ApiException.notFound("No such group: " + name));
    }

    @Transactional
    public Group create(String rawName, List<String> members, Map<String, Object> properties) {
        String name = Names.valid("Group name", rawName);
        List<User> users = usersNamed(members);
        if (Group.byName(name).isPresent()) {
            throw ApiException.conflict("Group " + name + " already exists");
        }
        Group group = new Group();
        group.name = name;
        group.properties = properties == null ? new HashMap<>() : new HashMap<>(properties);
        group.persist();
        users.forEach(u -> join(u, group));
        return group;
    }

    @Transactional
    public void delete(String name) {
        Group group = requireUnmanaged(name);
        group.members.forEach(u -> u.groups.remove(group));
        group.delete();
    }

    @Transactional
    public Group addMembers(String name, List<String> members) {
        Group group = requireUnmanaged(name);
        usersNamed(members).forEach(u -> join(u, group));
        return group;
    }

    @Transactional
    public Group removeMembers(String name, List<String> members) {
        Group group = requireUnmanaged(name);
        for (User user : usersNamed(members)) {
            user.groups.remove(group);
            group.members.remove(user);
        }
        return group;
    }

    @Transactional
    public Group setProperties(String name, Map<String, Object> properties) {
        Group group = require(name);
        group.properties = new HashMap<>(properties);
        return group;
    }

    /** The group, or a 409 when the identity provider keeps its members (they change at people's logins). */
    private static Group requireUnmanaged(String name) {
        Group group = require(name);
        if (group.managed()) {
            throw ApiException.conflict("Group " + name + " is managed by the identity provider: its members change when people log in");
        }
        return group;
    }

    private static void join(User user, Group group) {
        user.groups.add(group);
        group.members.add(user);
    }

    /** The users with these names; a 400 naming the first unknown one. */
    private static List<User> usersNamed(List<String> names) {
        if (names == null) {
            return List.of();
        }
        return names.stream().map(n -> {
            try {
                return UserService.require(n);
            } catch (ApiException e) {
                throw ApiException.badRequest("No such user: " + n);
            }
        }).toList();
    }
}
