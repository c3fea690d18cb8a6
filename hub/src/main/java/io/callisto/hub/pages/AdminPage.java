package io.callisto.hub.pages;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.Target;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /hub/admin}: the admin console (users, their servers, groups). Admins only. The page carries no
 * data of its own: its scripts read and change everything through the REST API with the login cookie.
 */
@Path("/hub/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminPage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Location("admin.html")
    Template admin;

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
        return Pages.html(200, admin.data("user", pages.user()).data("xsrf", HomePage.xsrf(identity)));
    }
}
