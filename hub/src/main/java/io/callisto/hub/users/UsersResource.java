package io.callisto.hub.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.api.Pagination;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.courses.CourseRole;
import io.callisto.hub.servers.Server;
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
import java.util.stream.Collectors;

/**
 * All users: {@code GET /hub/api/users} (filtered by {@code state}, {@code name_filter}, sorted by
 * {@code sort}, paginated, and cut to the users the caller's {@code list:users} reaches) and
 * {@code POST /hub/api/users} (create several).
 */
@Path("/hub/api/users")
@Produces({MediaType.APPLICATION_JSON, Pagination.ENVELOPE_TYPE})
public class UsersResource {

    @Inject
    Caller caller;

    @Inject
    UserModels models;

    @Inject
    UserViews views;

    @Inject
    UserQueries queries;

    @Inject
    UserService users;

    @Inject
    Pagination pagination;

    @Inject
    JsonBodies bodies;

    /** The body of a batch create. */
    public record BatchCreate(@JsonProperty("usernames") List<String> usernames, Boolean admin) {
    }

    /** Reads only, so no transaction. */
    @GET
    @RequiresScope("list:users")
    public Response list(@QueryParam("state") String state, @QueryParam("offset") Integer offset,
                         @QueryParam("limit") Integer limit, @QueryParam("sort") String sort,
                         @QueryParam("name_filter") String nameFilter,
                         @QueryParam("include_stopped_servers") String includeStopped,
                         @Context HttpHeaders headers, @Context UriInfo uri) {
        Identity identity = caller.require();
        Pagination.Page page = pagination.page(offset, limit);
        UserQueries.Filter filter = new UserQueries.Filter(UserQueries.State.parse(state), nameFilter,
                UserQueries.Sort.parse(sort), UserQueries.Visibility.of(identity, "list:users"));
        List<User> found = queries.page(filter, page.offset(), page.limit());
        Map<Long, List<Server>> servers = queries.serversOf(found);
        Map<Long, List<CourseRole>> courses = CourseRole.ofUsers(found.stream().map(u -> u.id).toList());
        boolean stopped = includeStopped != null && !includeStopped.equalsIgnoreCase("false") && !includeStopped.equals("0");
        List<Map<String, Object>> items = found.stream()
                .map(u -> models.of(views.of(u, servers.getOrDefault(u.id, List.of()), courses.getOrDefault(u.id, List.of())),
                        identity, stopped)).toList();
        return pagination.answer(items, page, () -> queries.count(filter), headers, uri);
    }

    @POST
    @Transactional
    @Consumes(MediaType.WILDCARD)
    @RequiresScope("admin:users")
    public Response create(String text) {
        BatchCreate body = bodies.read(text, BatchCreate.class, null);
        if (body == null || body.usernames() == null || body.usernames().isEmpty()) {
            throw ApiException.badRequest("Body must be {\"usernames\": [...], \"admin\": false}");
        }
        List<String> names = body.usernames().stream().map(UserNames::valid).distinct().collect(Collectors.toList());
        List<User> created = new ArrayList<>();
        for (String name : names) {
            if (User.byName(name).isEmpty()) {
                created.add(users.create(name, new UserRequest(null, body.admin(), null)));
            }
        }
        if (created.isEmpty()) {
            throw ApiException.conflict("All " + names.size() + " users already exist");
        }
        Identity identity = caller.require();
        return Response.status(201).type(MediaType.APPLICATION_JSON)
                .entity(created.stream().map(u -> models.of(views.of(u, List.of(), List.of()), identity)).toList()).build();
    }
}
