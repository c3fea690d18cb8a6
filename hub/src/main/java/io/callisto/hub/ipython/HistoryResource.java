package io.callisto.hub.ipython;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.users.UserService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's IPython history across sessions: {@code /hub/api/users/{name}/ipython/history}.
 *
 * <ul>
 * <li>{@code POST} appends a batch of one session ({@link AppendRequest}); answers {@code {session, inputs, outputs}}
 *     (the session's number, and how many inputs and outputs were new).</li>
 * <li>{@code GET …/tail?n=10&output=false&exclude_key=} the latest {@code n} inputs, oldest first
 *     (IPython's {@code get_tail}; {@code exclude_key} leaves out the asking kernel's own session).</li>
 * <li>{@code GET …/search?pattern=*&search_raw=true&n=&unique=false&output=false&exclude_key=} inputs whose
 *     source matches a glob ({@link Globs}); the latest {@code n}, or all up to {@code max-results}.</li>
 * <li>{@code DELETE} deletes all of it.</li>
 * </ul>
 * Reading answers {@code {history: [{session, line, source, source_raw[, output]}], truncated}}.
 */
@Path("/hub/api/users/{name}/ipython/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private static final int MAX_PATTERN = 1000;

    @Inject
    HistoryService history;

    @Inject
    JsonBodies bodies;

    @POST
    @Transactional
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = "ipython", user = "name")
    public Map<String, Object> append(@PathParam("name") String name, String body) {
        AppendRequest request = bodies.read(body, AppendRequest.class, null);
        if (request == null) {
            throw ApiException.badRequest("The body must be JSON: {\"session\": key, \"inputs\": [...], \"outputs\": [...]}");
        }
        HistoryService.Appended appended = history.append(UserService.require(name), request);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("session", appended.session());
        model.put("inputs", appended.inputs());
        model.put("outputs", appended.outputs());
        return model;
    }

    @GET
    @Path("tail")
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Map<String, Object> tail(@PathParam("name") String name, @QueryParam("n") String n,
                                    @QueryParam("output") String output, @QueryParam("exclude_key") String excludeKey) {
        boolean withOutput = Params.bool("output", output, false);
        int count = Params.integer("n", n, 10, 0, Integer.MAX_VALUE);
        return IpythonModels.history(history.tail(UserService.require(name), count, excludeKey, withOutput), withOutput);
    }

    @GET
    @Path("search")
    @Transactional
    @RequiresScope(value = "read:ipython", user = "name")
    public Map<String, Object> search(@PathParam("name") String name, @QueryParam("pattern") String pattern,
                                      @QueryParam("search_raw") String searchRaw, @QueryParam("n") String n,
                                      @QueryParam("unique") String unique, @QueryParam("output") String output,
                                      @QueryParam("exclude_key") String excludeKey) {
        String glob = pattern == null ? "*" : pattern;
        if (glob.length() > MAX_PATTERN) {
            throw ApiException.badRequest("'pattern' may be at most " + MAX_PATTERN + " characters");
        }
        boolean withOutput = Params.bool("output", output, false);
        HistoryService.Found found = history.search(UserService.require(name), glob, Params.bool("search_raw", searchRaw, true),
                Params.integer("n", n, null, 0, Integer.MAX_VALUE), Params.bool("unique", unique, false), excludeKey, withOutput);
        return IpythonModels.history(found, withOutput);
    }

    @DELETE
    @Transactional
    @RequiresScope(value = "ipython", user = "name")
    public Response deleteAll(@PathParam("name") String name) {
        history.deleteAll(UserService.require(name));
        return Response.noContent().build();
    }
}
