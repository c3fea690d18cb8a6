package io.callisto.hub.services;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.auth.Target;
import io.callisto.hub.proxy.ProxyRoutes;
import io.callisto.hub.roles.RoleService;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services: {@code GET /hub/api/services} (cut to the caller's {@code list:services}) and {@code GET …/{name}}. */
@Path("/hub/api/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {

    @Inject
    Caller caller;

    @Inject
    RoleService roles;

    @GET
    @Transactional
    @RequiresScope("list:services")
    public Map<String, Object> list() {
        Identity identity = caller.require();
        Map<String, Object> out = new LinkedHashMap<>();
        Service.<Service>listAll(Sort.by("name")).stream()
                .filter(s -> identity.may("list:services", Target.service(s.name)))
                .forEach(s -> out.put(s.name, model(s, identity)));
        return out;
    }

    @GET
    @Path("{name}")
    @Transactional
    @RequiresScope(value = {"read:services", "read:services:name"}, service = "name")
    public Map<String, Object> get(@PathParam("name") String name) {
        Service service = Service.byName(name).orElseThrow(() -> ApiException.notFound("No such service: " + name));
        return model(service, caller.require());
    }

    private Map<String, Object> model(Service service, Identity caller) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "service");
        model.put("name", service.name);
        if (caller.may("read:services", Target.service(service.name))) {
            model.put("admin", service.admin);
            model.put("url", service.url);
            model.put("prefix", service.url == null ? null : ProxyRoutes.servicePrefix(service.name));
            model.put("display", service.url != null);
            model.put("info", Map.of());
        }
        if (caller.may("read:roles:services", Target.service(service.name))) {
            model.put("roles", roles.names(service));
        }
        return model;
    }

}
