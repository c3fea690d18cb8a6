package io.callisto.hub.auth;

import static io.callisto.hub.api.Timestamps.iso;

import io.callisto.hub.api.ApiException;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's login sessions (browsers where they are logged in): {@code GET /hub/api/users/{name}/sessions},
 * {@code DELETE …/sessions/{id}} ends one, {@code DELETE …/sessions} ends all of them
 * ({@code ?keep_current=true}: all but the caller's own). Sessions are credentials, so the scopes are the
 * tokens' ones: people hold them on themselves, admins on everyone. Ending a session also ends the OAuth
 * tokens its servers' cookies hold.
 */
@Path("/hub/api/users/{name}/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    Caller caller;

    @Inject
    LoginSessions sessions;

    @GET
    @Transactional
    @RequiresScope(value = "read:tokens", user = "name")
    public Map<String, Object> list(@PathParam("name") String name) {
        User user = UserService.require(name);
        Long current = caller.require().sessionId();
        return Map.of("sessions", sessions.ofUser(user.id).stream().map(s -> model(s, current)).toList());
    }

    @DELETE
    @Path("{id}")
    @Transactional
    @RequiresScope(value = "tokens", user = "name")
    public Response end(@PathParam("name") String name, @PathParam("id") String id) {
        User user = UserService.require(name);
        if (!sessions.end(user.id, parseId(id))) {
            throw ApiException.notFound("No such session: " + id);
        }
        return Response.noContent().build();
    }

    @DELETE
    @Transactional
    @RequiresScope(value = "tokens", user = "name")
    public Map<String, Object> endAll(@PathParam("name") String name, @QueryParam("keep_current") boolean keepCurrent) {
        User user = UserService.require(name);
        Long keep = keepCurrent ? caller.require().sessionId() : null;
        return Map.of("ended", sessions.endAll(user.id, keep));
    }

    static Map<String, Object> model(LoginSession session, Long current) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", session.id.toString());
        model.put("kind", "login_session");
        model.put("provider", session.provider);
        model.put("created", iso(session.created));
        model.put("last_seen", iso(session.lastSeen));
        model.put("expires_at", iso(session.expiresAt));
        model.put("ip", session.ip);
        model.put("user_agent", session.userAgent);
        model.put("current", session.id.equals(current));
        return model;
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No such session: " + id);
        }
    }

    /** The sessions page's rows. */
    public static List<Map<String, Object>> rows(List<LoginSession> list, Long current) {
        return list.stream().map(s -> model(s, current)).toList();
    }
}
