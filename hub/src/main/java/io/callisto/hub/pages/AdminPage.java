package io.callisto.hub.pages;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.Target;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerPaths;
import io.callisto.hub.users.User;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /hub/admin}: users, their servers, and creating, editing and deleting accounts. Admins only. */
@Path("/hub/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminPage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Location("admin.html")
    Template admin;

    /** One row of the users table. */
    public record Row(String name, boolean admin, String serverStatus, String serverUrl, String lastActivity) {
    }

    @GET
    @Transactional
    public Response show() {
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            return Redirects.to("/hub/login?next=%2Fhub%2Fadmin");
        }
        if (!identity.may("admin-ui", Target.NONE)) {
            throw ApiException.forbidden("The admin page is for admins");
        }
        Map<Long, Server> defaults = new HashMap<>();
        Server.<Server>list("name", "").forEach(s -> defaults.put(s.user.id, s));
        List<Row> rows = User.<User>listAll(Sort.by("name")).stream().map(u -> {
            Server server = defaults.get(u.id);
            return new Row(u.name, u.admin, server == null ? "stopped" : server.status.label(),
                    ServerPaths.prefix(u.name, ""), u.lastActivity == null ? "never" : u.lastActivity.toString());
        }).toList();
        return Pages.html(200, admin.data("user", pages.user()).data("xsrf", HomePage.xsrf(identity)).data("users", rows));
    }
}
