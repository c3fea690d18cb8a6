package io.callisto.hub.pages;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.users.User;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /hub/history}: a person's IPython history from every kernel, searchable, session by session, with
 * a Copy button on every cell (history.js reads it through the API). Admins add {@code ?user=name}.
 */
@Path("/hub/history")
@Produces(MediaType.TEXT_HTML)
public class HistoryPage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Location("history.html")
    Template history;

    @GET
    @Transactional
    public Response show(@QueryParam("user") String user) {
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            return Redirects.to("/hub/login?next=%2Fhub%2Fhistory");
        }
        User owner = IpythonPages.owner(identity, user);
        return Pages.html(200, history.data("user", pages.user()).data("xsrf", HomePage.xsrf(identity))
                .data("owner", owner.name).data("own", owner.id == identity.id()));
    }
}
