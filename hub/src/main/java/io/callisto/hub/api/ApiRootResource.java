package io.callisto.hub.api;

import io.callisto.hub.config.HubConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /hub/api/}: the API's version; no credentials needed. Single-user servers check it at start. */
@Path("/hub/api")
public class ApiRootResource {

    @Inject
    HubConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> version() {
        return Map.of("version", config.jupyterhubVersion());
    }
}
