package io.callisto.hub.servers;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.auth.RequiresScope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A user's default server: {@code POST /hub/api/users/{name}/server} starts it (202: follow the
 * progress stream; 400 when it already runs), {@code DELETE} stops it (204 stopped, 202 a start is being
 * cancelled). The optional JSON body of POST holds the user options, passed to the spawner.
 */
@Path("/hub/api/users/{name}/server")
@Produces(MediaType.APPLICATION_JSON)
public class ServerResource {

    @Inject
    SpawnService spawns;

    @Inject
    JsonBodies bodies;

    @POST
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = "servers", user = "name")
    public Response start(@PathParam("name") String name, String body) {
        spawns.start(name, "", userOptions(bodies.read(body, Map.class, Map.of())));
        return Response.accepted().build();
    }

    /** User options are a flat JSON object of strings (form values), as JupyterHub's spawn forms send. */
    private static Map<String, String> userOptions(Map<?, ?> raw) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw ApiException.badRequest("User option '" + key + "' must be a string, number or boolean");
            }
            options.put(key.toString(), value.toString());
        });
        return options;
    }

    @DELETE
    @RequiresScope(value = {"servers", "delete:servers"}, user = "name")
    public Response stop(@PathParam("name") String name) {
        return switch (spawns.stop(name, "")) {
            case STOPPED -> Response.noContent().build();
            case STOPPING -> Response.accepted().build();
        };
    }
}
