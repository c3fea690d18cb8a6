package io.callisto.hub.pages;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.LoginSession;
import io.callisto.hub.courses.CourseRole;
import io.callisto.hub.profiles.ProfileCatalog;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerPaths;
import io.callisto.hub.users.User;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /hub/home}: the user's server, with Start (and the profiles to choose from, if any), Stop, Open and live progress. */
@Path("/hub/home")
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Inject
    ProfileCatalog profiles;

    @Location("home.html")
    Template home;

    @GET
    @Transactional
    public Response show() {
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            return Redirects.to("/hub/login?next=%2Fhub%2Fhome");
        }
        User user = User.findById(identity.id());
        Server server = Server.of(user, "").orElse(null);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", server == null ? "stopped" : server.status.label());
        view.put("url", ServerPaths.prefix(user.name, ""));
        view.put("failure", server == null ? null : server.failure);
        view.put("progressUrl", "/hub/api/users/" + ServerPaths.segment(user.name) + "/server/progress");
        view.put("apiUrl", "/hub/api/users/" + ServerPaths.segment(user.name) + "/server");
        return Pages.html(200, home.data("user", pages.user()).data("xsrf", xsrf(identity)).data("server", view)
                .data("profiles", profiles.views()).data("courseRoles", CourseRole.of(user.id)));
    }

    /** The XSRF token of the session this page is shown in; empty for a page requested with a token. */
    static String xsrf(Identity identity) {
        if (identity.sessionId() == null) {
            return "";
        }
        LoginSession session = LoginSession.findById(identity.sessionId());
        return session == null ? "" : session.xsrfToken;
    }
}
