package io.callisto.hub.culler;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.roles.Role;
import io.callisto.hub.services.Service;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.tokens.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the service {@code callisto-culler} with exactly the scopes the culler needs
 * (jupyterhub-idle-culler's documented set) and a fresh token at every start.
 */
@ApplicationScoped
public class CullerService {

    static final String NAME = "callisto-culler";

    @Inject
    HubConfig config;

    @Inject
    TokenService tokens;

    private volatile String token;

    @Transactional
    public void register() {
        if (!config.culler().enabled()) {
            Service.delete("name", NAME);
            Role.delete("name", NAME);
            return;
        }
        List<String> scopes = new ArrayList<>(List.of("list:users", "read:users:activity", "read:servers", "delete:servers"));
        if (config.culler().cullUsers()) {
            scopes.addAll(List.of("admin:users", "read:users"));
        }
        Role role = Role.byName(NAME).orElseGet(Role::new);
        role.name = NAME;
        role.description = "The built-in idle culler";
        role.scopes = scopes;
        role.fromConfig = true;
        role.persist();
        Service service = Service.byName(NAME).orElseGet(Service::new);
        service.name = NAME;
        service.roles.clear();
        service.roles.add(role);
        service.persist();
        String secret = Secrets.generate();
        tokens.register(service, secret, List.of("inherit"), "The built-in idle culler");
        token = secret;
    }

    /** The culler's token, or null while it is not registered. */
    public String token() {
        return token;
    }
}
