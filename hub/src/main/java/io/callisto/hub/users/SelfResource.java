package io.callisto.hub.users;

import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.roles.RoleService;
import io.callisto.hub.services.Service;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /hub/api/user}: who the credentials belong to, with the scopes they carry. Single-user
 * servers ask this with a user's OAuth token to decide whether to let them in.
 */
@Path("/hub/api/user")
@Produces(MediaType.APPLICATION_JSON)
public class SelfResource {

    @Inject
    Caller caller;

    @Inject
    UserModels models;

    @Inject
    RoleService roles;

    @Inject
    UserViews views;

    /** Reads only, so no transaction (single-user servers ask this at every OAuth check). */
    @GET
    public Map<String, Object> whoami() {
        Identity identity = caller.require();
        Map<String, Object> model;
        if (identity.isUser()) {
            model = models.of(views.byId(identity.id()).orElseThrow(), identity);
        } else {
            Service service = Service.findById(identity.id());
            model = new LinkedHashMap<>();
            model.put("kind", "service");
            model.put("name", service.name);
            model.put("admin", service.admin);
            model.put("roles", roles.names(service));
        }
        model.put("scopes", identity.scopes().stream().sorted().toList());
        if (identity.sessionId() != null) {
            model.put("session_id", identity.sessionId().toString());
        }
        return model;
    }
}
