package io.callisto.hub.pages;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.LoginSessions;
import io.callisto.hub.auth.SessionsResource;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /hub/sessions}: where the user is logged in (browser, address, times), with ending one or all others (sessions.js). */
@Path("/hub/sessions")
@Produces(MediaType.TEXT_HTML)
public class SessionsPage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Inject
    LoginSessions sessions;

    @Location("sessions.html")
    Template page;

    @GET
    @Transactional
    public Response show() {
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            return Redirects.to("/hub/login?next=%2Fhub%2Fsessions");
        }
        return Pages.html(200, page.data("user", pages.user()).data("xsrf", HomePage.xsrf(identity))
                .data("sessions", SessionsResource.rows(sessions.ofUser(identity.id()), identity.sessionId())));
    }
}
