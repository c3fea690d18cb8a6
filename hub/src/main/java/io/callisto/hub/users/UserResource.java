package io.callisto.hub.users;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.RequiresScope;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** One user: {@code /hub/api/users/{name}}. */
@Path("/hub/api/users/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class UserResource {

    @Inject
    Caller caller;

    @Inject
    UserService users;

    @Inject
    UserModels models;

    @Inject
    UserViews views;

    @Inject
    JsonBodies bodies;

    /** Reads only, so no transaction; from memory, or two statements ({@link UserViews}); JSON kept per caller scopes. */
    @GET
    @RequiresScope(value = {"read:users", "read:users:name"}, user = "name")
    public byte[] get(@PathParam("name") String name) {
        return models.json(views.require(name), caller.require());
    }

    @POST
    @Transactional
    @RequiresScope("admin:users")
    public Response create(@PathParam("name") String name, String body) {
        User user = users.create(name, bodies.read(body, UserRequest.class, UserRequest.EMPTY));
        return Response.status(201).entity(models.of(views.of(user, List.of(), List.of()), caller.require())).build();
    }

    @PATCH
    @Transactional
    @RequiresScope("admin:users")
    public Map<String, Object> update(@PathParam("name") String name, String body) {
        UserRequest request = bodies.read(body, UserRequest.class, null);
        if (request == null) {
            throw ApiException.badRequest("PATCH needs a JSON body with 'name', 'admin' or 'password'");
        }
        return models.of(views.of(users.update(name, request)), caller.require());
    }

    @DELETE
    @RequiresScope(value = "delete:users", user = "name")
    public Response delete(@PathParam("name") String name) {
        if (UserNames.normalise(name).equals(caller.require().name()) && caller.require().isUser()) {
            throw ApiException.badRequest("You cannot delete your own account");
        }
        users.delete(name);
        return Response.noContent().build();
    }
}
