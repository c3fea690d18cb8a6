package io.callisto.hub.groups;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.RequiresScope;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * One group: {@code GET/POST/DELETE /hub/api/groups/{name}}, members through
 * {@code POST/DELETE …/users} ({@code {"users": [...]}}), properties through {@code PUT …/properties}.
 */
@Path("/hub/api/groups/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class GroupResource {

    @Inject
    Caller caller;

    @Inject
    GroupService groups;

    @Inject
    GroupModels models;

    @Inject
    JsonBodies bodies;

    /** A body naming users, and for creation optionally properties. */
    public record Members(List<String> users, Map<String, Object> properties) {
    }

    @GET
    @Transactional
    @RequiresScope(value = {"read:groups", "read:groups:name"}, group = "name")
    public Map<String, Object> get(@PathParam("name") String name) {
        return models.of(GroupService.require(name), caller.require());
    }

    @POST
    @Transactional
    @RequiresScope("admin:groups")
    public Response create(@PathParam("name") String name, String text) {
        Members body = bodies.read(text, Members.class, new Members(List.of(), Map.of()));
        Group group = groups.create(name, body.users(), body.properties());
        return Response.status(201).entity(models.of(group, caller.require())).build();
    }

    @DELETE
    @Transactional
    @RequiresScope(value = "delete:groups", group = "name")
    public Response delete(@PathParam("name") String name) {
        groups.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("users")
    @Transactional
    @RequiresScope(value = "groups", group = "name")
    public Map<String, Object> addMembers(@PathParam("name") String name, String text) {
        return models.of(groups.addMembers(name, members(text)), caller.require());
    }

    @DELETE
    @Path("users")
    @Transactional
    @RequiresScope(value = "groups", group = "name")
    public Map<String, Object> removeMembers(@PathParam("name") String name, String text) {
        return models.of(groups.removeMembers(name, members(text)), caller.require());
    }

    @PUT
    @Path("properties")
    @Transactional
    @RequiresScope(value = "groups", group = "name")
    public Map<String, Object> setProperties(@PathParam("name") String name, String text) {
        Map<?, ?> properties = bodies.read(text, Map.class, null);
        if (properties == null) {
            throw ApiException.badRequest("Body must be a JSON object of properties");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) properties;
        return models.of(groups.setProperties(name, typed), caller.require());
    }

    private List<String> members(String text) {
        Members body = bodies.read(text, Members.class, null);
        if (body == null || body.users() == null) {
            throw ApiException.badRequest("Body must be {\"users\": [\"name\", ...]}");
        }
        return body.users();
    }
}
