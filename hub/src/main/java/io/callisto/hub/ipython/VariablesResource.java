package io.callisto.hub.ipython;

import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A user's {@code %store}d variables: {@code /hub/api/users/{name}/ipython/variables} lists them
 * ({@code {variables: [{name, type, size, updated}]}}; {@code ?values=true} adds each {@code value}, for a
 * kernel restoring them all at start-up); {@code …/variables/{key}} reads one with its value,
 * {@code PUT} writes one ({@code {"type": "list", "value": base64 of the pickle}}; 201 when new, 200 when
 * replaced), {@code DELETE} forgets one.
 */
@Path("/hub/api/users/{name}/ipython/variables")
@Produces(MediaType.APPLICATION_JSON)
public class VariablesResource {

    @Inject
    VariableService variables;

    @Inject
    JsonBodies bodies;

    @GET
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Map<String, Object> list(@PathParam("name") String name, @QueryParam("values") String values) {
        User user = UserService.require(name);
        if (Params.bool("values", values, false)) {
            return IpythonModels.variables(variables.listWithValues(user).stream().map(IpythonModels::variableWithValue).toList());
        }
        return IpythonModels.variables(variables.list(user).stream().map(IpythonModels::variable).toList());
    }

    @GET
    @Path("{key}")
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Map<String, Object> get(@PathParam("name") String name, @PathParam("key") String key) {
        return IpythonModels.variableWithValue(variables.get(UserService.require(name), key));
    }

    @PUT
    @Path("{key}")
    @Transactional
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = "ipython", user = "name")
    public Response put(@PathParam("name") String name, @PathParam("key") String key, String body) {
        User user = UserService.require(name);
        boolean created = variables.put(user, key, bodies.read(body, VariableService.Put.class, null));
        StoredVariable stored = variables.get(user, key);
        return Response.status(created ? 201 : 200)
                .entity(IpythonModels.variable(new VariableService.Info(stored.name, stored.typeName, stored.size, stored.updated)))
                .build();
    }

    @DELETE
    @Path("{key}")
    @Transactional
    @RequiresScope(value = "ipython", user = "name")
    public Response delete(@PathParam("name") String name, @PathParam("key") String key) {
        variables.delete(UserService.require(name), key);
        return Response.noContent().build();
    }
}
