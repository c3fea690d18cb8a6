package io.callisto.hub.users;

import static io.callisto.hub.api.Timestamps.iso;

import io.callisto.hub.auth.Identities;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerModels;
import io.callisto.hub.servers.ServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JupyterHub's user model, with what the caller may not read left out. */
@ApplicationScoped
public class UserModels {

    @Inject
    ServerModels servers;

    public Map<String, Object> of(User user, Identity caller) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "user");
        model.put("name", user.name);
        model.put("admin", user.admin);
        model.put("roles", Identities.roleNames(user));
        model.put("groups", user.groups.stream().map(g -> g.name).sorted().toList());
        List<Server> owned = Server.list("user", user);
        Server defaultServer = owned.stream().filter(s -> s.name.isEmpty()).findFirst().orElse(null);
        model.put("server", defaultServer != null && defaultServer.status == ServerStatus.RUNNING
                ? defaultServer.prefix() : null);
        model.put("pending", defaultServer == null ? null : ServerModels.pending(defaultServer));
        model.put("created", iso(user.created));
        model.put("last_activity", iso(user.lastActivity));
        if (caller.may("read:servers", user.name)) {
            Map<String, Object> active = new LinkedHashMap<>();
            boolean state = caller.may("admin:server_state", user.name);
            owned.stream().filter(s -> s.status.active()).forEach(s -> active.put(s.name, servers.of(s, state)));
            model.put("servers", active);
        }
        return model;
    }
}
