package io.callisto.hub.oidc;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.courses.CourseRole;
import io.callisto.hub.groups.Group;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Records a person as the identity provider describes them at login: creates the user the first time,
 * grants or revokes admin by group (when {@code admin-groups} is set), makes their memberships in
 * provider-managed groups exactly the token's groups (memberships of groups edited by hand are left
 * alone) and replaces their course roles. All in the caller's transaction, so a refused login creates nothing.
 */
@ApplicationScoped
public class ClaimSync {

    private static final Logger LOG = Logger.getLogger(ClaimSync.class);

    @Inject
    HubConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public User apply(ClaimMapping.Person person, Instant now) {
        User user = User.byName(person.username()).orElseGet(() -> {
            User created = new User();
            created.name = person.username();
            created.persist();
            LOG.infof("Created user %s from the identity provider", person.username());
            return created;
        });
        if (config.oidc().adminGroups().isPresent() && user.admin != person.admin()) {
            LOG.infof("%s admin rights of %s (admin groups)", person.admin() ? "Granted" : "Revoked", user.name);
            user.admin = person.admin();
        }
        if (config.oidc().manageGroups()) {
            syncGroups(user, person.groups());
        }
        CourseRole.delete("userId", user.id);
        CourseRole.flush();
        for (ClaimMapping.CourseRole r : person.courseRoles()) {
            CourseRole row = new CourseRole();
            row.userId = user.id;
            row.course = r.course();
            row.role = r.role();
            row.persist();
        }
        user.touch(now);
        return user;
    }

    private static void syncGroups(User user, Set<String> names) {
        for (Group group : new HashSet<>(user.groups)) {
            if (group.managed() && !names.contains(group.name)) {
                user.groups.remove(group);
                group.members.remove(user);
            }
        }
        for (String name : names) {
            Group group = Group.byName(name).orElseGet(() -> {
                Group created = new Group();
                created.name = name;
                created.persist();
                return created;
            });
            group.managedBy = Group.MANAGED_BY_OIDC;
            if (user.groups.add(group)) {
                group.members.add(user);
            }
        }
    }
}
