package io.callisto.hub.hubinfo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.callisto.hub.HubLifecycle;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.auth.RequiresScope;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /hub/api/shutdown} (scope {@code shutdown}): stops the hub after answering 202. The body may
 * say {@code {"servers": false}} to leave users' servers running and {@code {"proxy": false}} to leave
 * the proxy running (both default to the configuration).
 */
@Path("/hub/api/shutdown")
public class ShutdownResource {

    @Inject
    JsonBodies bodies;

    @Inject
    HubLifecycle lifecycle;

    /** The body. */
    public record Request(@JsonProperty("servers") Boolean servers, @JsonProperty("proxy") Boolean proxy) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RequiresScope("shutdown")
    public Response shutdown(String text) {
        Request request = bodies.read(text, Request.class, new Request(null, null));
        lifecycle.shutdownWith(request.servers(), request.proxy());
        Quarkus.asyncExit();
        return Response.accepted().build();
    }
}
