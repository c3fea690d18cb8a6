package io.callisto.hub.auth;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.services.Service;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.tokens.TokenService;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The accounts the hub needs from its first start: the bootstrap admin (password from
 * {@code CALLISTO_ADMIN_PASSWORD} or generated and printed once) and, when {@code CALLISTO_ADMIN_TOKEN}
 * is set, the service {@code callisto-admin} holding that token with the admin role.
 */
@ApplicationScoped
public class BootstrapAccounts {

    private static final Logger LOG = Logger.getLogger(BootstrapAccounts.class);
    static final String ADMIN_SERVICE = "callisto-admin";

    @Inject
    HubConfig config;

    @Inject
    TokenService tokens;

    @Transactional
    public void ensure() {
        String name = UserNames.valid(config.admin().name());
        if (User.byName(name).isEmpty()) {
            String password = config.admin().password().orElseGet(() -> Secrets.generate().substring(0, 16));
            User admin = new User();
            admin.name = name;
            admin.admin = true;
            admin.passwordHash = Passwords.hash(password);
            admin.persist();
            if (config.admin().password().isPresent()) {
                LOG.infof("Created the admin account '%s' with the password from CALLISTO_ADMIN_PASSWORD", name);
            } else {
                System.out.printf("%n  Created the admin account. Log in with%n    user:     %s%n    password: %s%n"
                        + "  This password is shown only once.%n%n", name, password);
            }
        }
        config.admin().token().ifPresent(token -> {
            Service service = Service.byName(ADMIN_SERVICE).orElseGet(() -> {
                Service created = new Service();
                created.name = ADMIN_SERVICE;
                created.admin = true;
                created.persist();
                return created;
            });
            tokens.register(service, token, List.of("inherit"), "From CALLISTO_ADMIN_TOKEN");
        });
    }
}
