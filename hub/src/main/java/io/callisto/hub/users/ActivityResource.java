package io.callisto.hub.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.api.Timestamps;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.servers.Server;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /hub/api/users/{name}/activity}: single-user servers report when they were last used,
 * as {@code {"last_activity": ts, "servers": {"": {"last_activity": ts}}}}. Times only move forward.
 */
@Path("/hub/api/users/{name}/activity")
public class ActivityResource {

    /** The activity body. */
    public record Activity(@JsonProperty("last_activity") String lastActivity, Map<String, ServerActivity> servers) {
    }

    /** One server's part of the activity body. */
    public record ServerActivity(@JsonProperty("last_activity") String lastActivity) {
    }

    @Inject
    JsonBodies bodies;

    @POST
    @Transactional
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = "users:activity", user = "name")
    public Response report(@PathParam("name") String name, String text) {
        Activity body = bodies.read(text, Activity.class, null);
        if (body == null) {
            throw ApiException.badRequest("Activity body required: {\"last_activity\": ..., \"servers\": {...}}");
        }
        User user = UserService.require(name);
        if (body.lastActivity() != null) {
            user.touch(Timestamps.parse("last_activity", body.lastActivity()));
        }
        if (body.servers() != null) {
            body.servers().forEach((serverName, activity) -> {
                Server server = Server.of(user, serverName).orElseThrow(() ->
                        ApiException.badRequest("No such server '" + serverName + "' for user " + user.name));
                if (activity == null || activity.lastActivity() == null) {
                    throw ApiException.badRequest("servers['" + serverName + "'] needs 'last_activity'");
                }
                Instant when = Timestamps.parse("last_activity", activity.lastActivity());
                server.touch(when);
                user.touch(when);
            });
        }
        return Response.noContent().build();
    }
}
