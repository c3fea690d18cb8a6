package io.callisto.hub.proxy;

import io.callisto.hub.auth.RequiresScope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code GET /hub/api/proxy}: the proxy's routes; {@code POST}: reconcile them now. Scope {@code proxy}. */
@Path("/hub/api/proxy")
@Produces(MediaType.APPLICATION_JSON)
public class ProxyResource {

    @Inject
    ProxyClient client;

    @Inject
    RouteSync sync;

    @GET
    @RequiresScope("proxy")
    public Map<String, Map<String, Object>> routes() {
        return client.routes();
    }

    @POST
    @RequiresScope("proxy")
    public Response syncNow() {
        sync.sync();
        return Response.ok().build();
    }
}
