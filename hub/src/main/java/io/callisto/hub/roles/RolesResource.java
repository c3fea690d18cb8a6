package io.callisto.hub.roles;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.api.Names;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.auth.Scopes;
import io.callisto.hub.groups.Group;
import io.callisto.hub.groups.GroupService;
import io.callisto.hub.services.Service;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Custom roles through the API: {@code GET /hub/api/roles}, {@code GET/POST/DELETE /hub/api/roles/{name}}.
 * A role's body names its scopes and who holds it ({@code users}, {@code groups}, {@code services}).
 * Nobody can create a role with scopes they do not hold themselves.
 */
@Path("/hub/api/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RolesResource {

    @Inject
    Caller caller;

    @Inject
    JsonBodies bodies;

    /** The body of a role. */
    public record RoleRequest(String description, List<String> scopes, List<String> users, List<String> groups,
                              List<String> services) {
    }

    @GET
    @Transactional
    @RequiresScope("read:roles")
    public List<Map<String, Object>> list() {
        return Role.<Role>listAll(Sort.by("name")).stream().map(RolesResource::model).toList();
    }

    @GET
    @Path("{name}")
    @Transactional
    @RequiresScope("read:roles")
    public Map<String, Object> get(@PathParam("name") String name) {
        return model(require(name));
    }

    @POST
    @Path("{name}")
    @Transactional
    @RequiresScope("admin:users")
    public Response create(@PathParam("name") String rawName, String text) {
        String name = Names.valid("Role name", rawName);
        if (RoleService.BUILT_IN.contains(name)) {
            throw ApiException.conflict("'" + name + "' is a built-in role");
        }
        RoleRequest body = bodies.read(text, RoleRequest.class, null);
        if (body == null || body.scopes() == null) {
            throw ApiException.badRequest("Body must name the role's scopes: {\"scopes\": [...]}");
        }
        checkGrantable(body.scopes(), caller.require());
        if (Role.byName(name).isPresent()) {
            throw ApiException.conflict("Role " + name + " already exists");
        }
        Role role = new Role();
        role.name = name;
        role.description = body.description() == null ? "" : body.description();
        role.scopes = List.copyOf(body.scopes());
        role.persist();
        assign(role, body);
        return Response.status(201).entity(model(role)).build();
    }

    @DELETE
    @Path("{name}")
    @Transactional
    @RequiresScope("admin:users")
    public Response delete(@PathParam("name") String name) {
        Role role = require(name);
        if (role.fromConfig) {
            throw ApiException.badRequest("Role " + name + " comes from the configuration; change it there");
        }
        User.<User>list("select u from User u join u.roles r where r = ?1", role).forEach(u -> u.roles.remove(role));
        Group.<Group>list("select g from Group g join g.roles r where r = ?1", role).forEach(g -> g.roles.remove(role));
        Service.<Service>list("select s from Service s join s.roles r where r = ?1", role).forEach(s -> s.roles.remove(role));
        role.delete();
        return Response.noContent().build();
    }

    /** Every scope must be known, and held by the caller (no one hands out more than they have). */
    static void checkGrantable(List<String> scopes, Identity caller) {
        for (String scope : scopes) {
            String problem = Scopes.problemWith(scope);
            if (problem != null) {
                throw ApiException.badRequest(problem);
            }
        }
        Set<String> granted = Scopes.expand(scopes.stream().filter(s -> !s.equals("self") && !s.equals("inherit")).toList(), null);
        for (String scope : granted) {
            if (!Scopes.intersect(Set.of(scope), caller.scopes()).contains(scope)) {
                throw ApiException.forbidden("You cannot grant '" + scope + "': you do not hold it");
            }
        }
    }

    private static void assign(Role role, RoleRequest body) {
        if (body.users() != null) {
            body.users().forEach(n -> UserService.require(n).roles.add(role));
        }
        if (body.groups() != null) {
            body.groups().forEach(n -> GroupService.require(n).roles.add(role));
        }
        if (body.services() != null) {
            body.services().forEach(n -> Service.byName(n).orElseThrow(() -> ApiException.badRequest("No such service: " + n)).roles.add(role));
        }
    }

    private static Role require(String name) {
        return Role.byName(name).orElseThrow(() -> ApiException.notFound("No such role: " + name));
    }

    private static Map<String, Object> model(Role role) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "role");
        model.put("name", role.name);
        model.put("description", role.description);
        model.put("scopes", role.scopes);
        model.put("users", User.<User>list("select u from User u join u.roles r where r = ?1", role).stream().map(u -> u.name).sorted().toList());
        model.put("groups", Group.<Group>list("select g from Group g join g.roles r where r = ?1", role).stream().map(g -> g.name).sorted().toList());
        model.put("services", Service.<Service>list("select s from Service s join s.roles r where r = ?1", role).stream().map(s -> s.name).sorted().toList());
        return model;
    }
}
