package io.callisto.hub.groups;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.api.Pagination;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.auth.Target;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** All groups: {@code GET /hub/api/groups} (paginated, cut to the caller's {@code list:groups}) and {@code POST} (create several). */
@Path("/hub/api/groups")
@Produces({MediaType.APPLICATION_JSON, Pagination.ENVELOPE_TYPE})
public class GroupsResource {

    @Inject
    Caller caller;

    @Inject
    GroupModels models;

    @Inject
    GroupService groups;

    @Inject
    Pagination pagination;

    @Inject
    JsonBodies bodies;

    /** The body of a batch create. */
    public record BatchCreate(List<String> groups) {
    }

    @GET
    @Transactional
    @RequiresScope("list:groups")
    public Response list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                         @Context HttpHeaders headers, @Context UriInfo uri) {
        Identity identity = caller.require();
        Pagination.Page page = pagination.page(offset, limit);
        List<Group> visible = Group.<Group>listAll(Sort.by("name")).stream()
                .filter(g -> identity.may("list:groups", new Target(null, Set.of(g.name), null, null))).toList();
        List<Map<String, Object>> items = visible.stream().skip(page.offset()).limit(page.limit())
                .map(g -> models.of(g, identity)).toList();
        return pagination.answer(items, page, visible::size, headers, uri);
    }

    @POST
    @Transactional
    @Consumes(MediaType.WILDCARD)
    @RequiresScope("admin:groups")
    public Response create(String text) {
        BatchCreate body = bodies.read(text, BatchCreate.class, null);
        if (body == null || body.groups() == null || body.groups().isEmpty()) {
            throw ApiException.badRequest("Body must be {\"groups\": [\"name\", ...]}");
        }
        List<Group> created = new ArrayList<>();
        for (String name : body.groups().stream().distinct().toList()) {
            if (Group.byName(name).isEmpty()) {
                created.add(groups.create(name, List.of(), Map.of()));
            }
        }
        if (created.isEmpty()) {
            throw ApiException.conflict("All " + body.groups().size() + " groups already exist");
        }
        Identity identity = caller.require();
        return Response.status(201).type(MediaType.APPLICATION_JSON).entity(created.stream().map(g -> models.of(g, identity)).toList()).build();
    }
}
