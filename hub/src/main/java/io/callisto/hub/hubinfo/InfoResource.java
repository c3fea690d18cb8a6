package io.callisto.hub.hubinfo;

import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.config.HubConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /hub/api/info}: what this hub is and runs with (scope {@code read:hub}). */
@Path("/hub/api/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    @Inject
    HubConfig config;

    @GET
    @RequiresScope("read:hub")
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", config.jupyterhubVersion());
        info.put("callisto_version", InfoResource.class.getPackage().getImplementationVersion());
        info.put("java", Runtime.version().toString());
        info.put("authenticator", Map.of("class", "callisto.LocalAccounts"));
        info.put("spawner", Map.of("class", "callisto." + config.spawner().kind()));
        return info;
    }
}
