package io.callisto.hub.services;

import io.callisto.hub.auth.Scopes;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.groups.Group;
import io.callisto.hub.oauth.OAuthClients;
import io.callisto.hub.roles.Role;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.TokenService;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Makes the database match the configured roles and services at start-up: creates and updates them,
 * removes those that left the configuration, registers service tokens and OAuth clients. Roles and
 * services made through the API are not touched.
 */
@ApplicationScoped
public class ConfiguredServices {

    private static final Logger LOG = Logger.getLogger(ConfiguredServices.class);

    @Inject
    HubConfig config;

    @Inject
    TokenService tokens;

    @Inject
    OAuthClients oauthClients;

    @Transactional
    public void apply() {
        applyRoles();
        applyServices();
    }

    private void applyRoles() {
        Map<String, HubConfig.RoleConfig> configured = config.roles();
        for (Role stale : Role.<Role>list("fromConfig = true and name not in ?1", names(configured.keySet()))) {
            LOG.infof("Removing role %s, no longer configured", stale.name);
            User.<User>list("select u from User u join u.roles r where r = ?1", stale).forEach(u -> u.roles.remove(stale));
            Group.<Group>list("select g from Group g join g.roles r where r = ?1", stale).forEach(g -> g.roles.remove(stale));
            Service.<Service>list("select s from Service s join s.roles r where r = ?1", stale).forEach(s -> s.roles.remove(stale));
            stale.delete();
        }
        configured.forEach((name, wanted) -> {
            for (String scope : wanted.scopes()) {
                String problem = Scopes.problemWith(scope);
                if (problem != null) {
                    throw new IllegalStateException("callisto.roles." + name + ".scopes: " + problem);
                }
            }
            Role role = Role.byName(name).orElseGet(Role::new);
            role.name = name;
            role.description = wanted.description().orElse("");
            role.scopes = List.copyOf(wanted.scopes());
            role.fromConfig = true;
            role.persist();
            wanted.users().orElse(List.of()).forEach(user -> User.byName(user).ifPresentOrElse(u -> u.roles.add(role),
                    () -> LOG.warnf("Role %s names user %s, who does not exist (yet)", name, user)));
            wanted.groups().orElse(List.of()).forEach(group -> Group.byName(group).ifPresentOrElse(g -> g.roles.add(role),
                    () -> LOG.warnf("Role %s names group %s, which does not exist (yet)", name, group)));
        });
    }

    private void applyServices() {
        Map<String, HubConfig.ServiceConfig> configured = config.services();
        Service.delete("fromConfig = true and name not in ?1", names(configured.keySet()));
        configured.forEach((name, wanted) -> {
            Service service = Service.byName(name).orElseGet(Service::new);
            service.name = name;
            service.admin = wanted.admin();
            service.url = wanted.url().map(Object::toString).orElse(null);
            service.fromConfig = true;
            service.roles.clear();
            for (String roleName : wanted.roles().orElse(List.of())) {
                service.roles.add(Role.byName(roleName).orElseThrow(() ->
                        new IllegalStateException("callisto.services." + name + ".roles names the unknown role " + roleName)));
            }
            service.persist();
            wanted.apiToken().ifPresentOrElse(
                    token -> {
                        tokens.register(service, token, List.of("inherit"), "From callisto.services." + name + ".api-token");
                        if (wanted.url().isPresent()) {
                            oauthClients.register("service-" + name, "Service " + name, "/services/" + name + "/oauth_callback",
                                    token, List.of("access:services!service=" + name));
                        }
                    },
                    () -> ApiToken.delete("service", service));
        });
    }

    private static Set<String> names(Set<String> names) {
        Set<String> out = new HashSet<>(names);
        out.add("");
        return out;
    }
}
