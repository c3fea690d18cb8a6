package io.callisto.hub.ipython;

import io.callisto.hub.api.Pagination;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/**
 * A user's IPython sessions: {@code /hub/api/users/{name}/ipython/sessions}, newest first and paginated
 * ({@code offset}, {@code limit}); {@code …/sessions/{number}} one session (IPython's
 * {@code get_session_info}); {@code …/sessions/{number}/history?start=1&stop=&output=false} its inputs from
 * line {@code start} up to, not including, {@code stop} (IPython's {@code get_range}); {@code DELETE} on a
 * session deletes it with its inputs and outputs.
 */
@Path("/hub/api/users/{name}/ipython/sessions")
@Produces({MediaType.APPLICATION_JSON, Pagination.ENVELOPE_TYPE})
public class SessionsResource {

    @Inject
    HistoryService history;

    @Inject
    Pagination pagination;

    @GET
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Response list(@PathParam("name") String name, @QueryParam("offset") String offset, @QueryParam("limit") String limit,
                         @Context HttpHeaders headers, @Context UriInfo uri) {
        User user = UserService.require(name);
        Pagination.Page page = pagination.page(Params.integer("offset", offset, null, 0, Integer.MAX_VALUE),
                Params.integer("limit", limit, null, 1, Integer.MAX_VALUE));
        List<IpythonSession> sessions = IpythonSession.<IpythonSession>find("userId = ?1 order by number desc", user.id)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
        Map<Long, Long> inputs = history.inputCounts(sessions);
        List<Map<String, Object>> items = sessions.stream()
                .map(s -> IpythonModels.session(s, inputs.getOrDefault(s.id, 0L))).toList();
        return pagination.answer(items, page, () -> IpythonSession.count("userId", user.id), headers, uri);
    }

    @GET
    @Path("{number}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Map<String, Object> get(@PathParam("name") String name, @PathParam("number") String number) {
        IpythonSession session = history.session(UserService.require(name), sessionNumber(number));
        return IpythonModels.session(session, history.inputCounts(List.of(session)).getOrDefault(session.id, 0L));
    }

    @GET
    @Path("{number}/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Map<String, Object> range(@PathParam("name") String name, @PathParam("number") String number,
                                     @QueryParam("start") String start, @QueryParam("stop") String stop,
                                     @QueryParam("output") String output) {
        boolean withOutput = Params.bool("output", output, false);
        HistoryService.Found found = history.range(UserService.require(name), sessionNumber(number),
                Params.integer("start", start, 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Params.integer("stop", stop, null, Integer.MIN_VALUE, Integer.MAX_VALUE), withOutput);
        return IpythonModels.history(found, withOutput);
    }

    @DELETE
    @Path("{number}")
    @Transactional
    @RequiresScope(value = "ipython", user = "name")
    public Response delete(@PathParam("name") String name, @PathParam("number") String number) {
        history.deleteSession(UserService.require(name), sessionNumber(number));
        return Response.noContent().build();
    }

    private static int sessionNumber(String number) {
        return Params.integer("session number", number, 0, 1, Integer.MAX_VALUE);
    }
}
