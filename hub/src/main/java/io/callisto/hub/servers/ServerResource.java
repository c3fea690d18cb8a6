package io.callisto.hub.servers;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.api.Names;
import io.callisto.hub.auth.RequiresScope;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A user's servers: {@code POST /hub/api/users/{name}/server} and {@code …/servers/{server_name}} start
 * one (201 when it is ready within {@code slow-spawn-timeout}, else 202: follow the progress stream;
 * 400 when it already runs; 429 with {@code Retry-After} past the spawn limits; {@code ?wait=N} sets the
 * wait in seconds, {@code ?wait=0} answers at once, as the home page does to show live progress); {@code DELETE} stops it
 * (204 stopped, 202 a start is being cancelled); {@code DELETE …/servers/{server_name}} with
 * {@code {"remove": true}} also forgets the named server. The optional JSON body of POST holds the user
 * options, passed to the spawner.
 */
@Path("/hub/api/users/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class ServerResource {

    private static final int MAX_WAIT_SECONDS = 300;

    @Inject
    SpawnService spawns;

    @Inject
    JsonBodies bodies;

    /** The optional body of DELETE on a named server. */
    public record StopRequest(@JsonProperty("remove") Boolean remove) {
    }

    @POST
    @Path("server")
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = "servers", user = "name")
    @Blocking
    public CompletionStage<Response> startDefault(@PathParam("name") String name, @QueryParam("wait") Integer wait, String body) {
        return start(name, "", wait, body);
    }

    @POST
    @Path("servers/{server_name}")
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = "servers", user = "name", server = "server_name")
    @Blocking
    public CompletionStage<Response> startNamed(@PathParam("name") String name, @PathParam("server_name") String serverName,
                               @QueryParam("wait") Integer wait, String body) {
        return start(name, Names.valid("Server name", serverName), wait, body);
    }

    @DELETE
    @Path("server")
    @RequiresScope(value = {"servers", "delete:servers"}, user = "name")
    public Response stopDefault(@PathParam("name") String name) {
        return answer(spawns.stop(name, ""));
    }

    @DELETE
    @Path("servers/{server_name}")
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = {"servers", "delete:servers"}, user = "name", server = "server_name")
    public Response stopNamed(@PathParam("name") String name, @PathParam("server_name") String serverName, String body) {
        StopRequest request = bodies.read(body, StopRequest.class, new StopRequest(false));
        SpawnService.StopOutcome outcome = spawns.stop(name, serverName);
        if (Boolean.TRUE.equals(request.remove())) {
            if (outcome == SpawnService.StopOutcome.STOPPING) {
                throw ApiException.badRequest("The server is still starting; stop it, then remove it");
            }
            spawns.remove(name, serverName);
        }
        return answer(outcome);
    }

    /**
     * Answers when the start is recorded, or later when it ends within the wait; the request thread is
     * not held meanwhile (hence {@link Blocking} only for the filters before: they read tokens).
     *
     * @param wait seconds to wait for the start (Callisto's addition; default {@code slow-spawn-timeout})
     */
    private CompletionStage<Response> start(String name, String serverName, Integer wait, String body) {
        if (wait != null && (wait < 0 || wait > MAX_WAIT_SECONDS)) {
            throw ApiException.badRequest("wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
        }
        Map<String, String> options = userOptions(bodies.read(body, Map.class, Map.of()));
        Duration waitFor = wait == null ? null : Duration.ofSeconds(wait);
        return spawns.start(name, serverName, options, waitFor).thenApply(progress -> switch (progress) {
            case READY -> Response.status(201).build();
            case PENDING -> Response.accepted().build();
        });
    }

    private static Response answer(SpawnService.StopOutcome outcome) {
        return outcome == SpawnService.StopOutcome.STOPPED ? Response.noContent().build() : Response.accepted().build();
    }

    /** User options are a flat JSON object of strings (form values), as JupyterHub's spawn forms send. */
    private static Map<String, String> userOptions(Map<?, ?> raw) {
        Map<String, String> options = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw ApiException.badRequest("User option '" + key + "' must be a string, number or boolean");
            }
            options.put(key.toString(), value.toString());
        });
        return options;
    }
}
