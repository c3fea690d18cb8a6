package io.callisto.hub.ipython;

import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /hub/api/users/{name}/ipython}: what the hub keeps of a user's IPython, and the limits.
 * A kernel reads it at start-up: {@code {sessions, last_session, history_bytes, variables, store_bytes, limits}}.
 */
@Path("/hub/api/users/{name}/ipython")
@Produces(MediaType.APPLICATION_JSON)
public class IpythonResource {

    @Inject
    HubConfig config;

    @Inject
    VariableService variables;

    @GET
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Map<String, Object> summary(@PathParam("name") String name) {
        User user = UserService.require(name);
        IpythonUsage usage = IpythonUsage.findById(user.id);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("sessions", IpythonSession.count("userId", user.id));
        model.put("last_session", usage == null ? 0 : usage.lastSession);
        model.put("history_bytes", usage == null ? 0 : usage.historyBytes);
        model.put("variables", StoredVariable.count("userId", user.id));
        model.put("store_bytes", variables.totalSize(user));
        model.put("limits", IpythonModels.limits(config.ipython()));
        return model;
    }
}
