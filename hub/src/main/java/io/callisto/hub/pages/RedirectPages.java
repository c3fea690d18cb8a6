package io.callisto.hub.pages;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerStatus;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserNames;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Where the proxy's default route lands: {@code /} and {@code /hub/} go to the home page;
 * {@code /user/{name}/…} (no route: the server is not running) goes to {@code /hub/user/{name}/…}, which
 * sends the owner back to their server once it runs, or explains that it does not; {@code /hub/error/{code}}
 * is the proxy's error page.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class RedirectPages {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Location("not-running.html")
    Template notRunning;

    @GET
    public Response root() {
        return Redirects.to("/hub/home");
    }

    @GET
    @Path("hub")
    public Response hub() {
        return Redirects.to("/hub/home");
    }

    /** The logo single-user servers show in their header (JupyterHub serves its own there). */
    @GET
    @Path("hub/logo")
    public Response logo() {
        return Redirects.to("/hub/static/callisto.svg");
    }

    @GET
    @Path("user/{name}{rest:(/.*)?}")
    public Response userUrl(@Context UriInfo uri) {
        return Redirects.to("/hub" + uri.getRequestUri().getRawPath() + query(uri));
    }

    @GET
    @Path("hub/user/{name}{rest:(/.*)?}")
    @Transactional
    public Response serverNotRouted(@PathParam("name") String name, @Context UriInfo uri) {
        String rawPath = uri.getRequestUri().getRawPath().substring("/hub".length());
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            return Redirects.to("/hub/login?next=" + java.net.URLEncoder.encode(rawPath + query(uri), java.nio.charset.StandardCharsets.UTF_8));
        }
        String owner = UserNames.normalise(name);
        boolean running = User.byName(owner).flatMap(u -> Server.of(u, "")).map(s -> s.status == ServerStatus.RUNNING).orElse(false);
        if (running) {
            return Redirects.to(rawPath + query(uri));
        }
        return Pages.html(503, notRunning.data("user", pages.user()).data("owner", owner)
                .data("path", rawPath).data("own", owner.equals(identity.name())));
    }

    @GET
    @Path("hub/error/{code}")
    public Response proxyError(@PathParam("code") int code, @QueryParam("url") String url) {
        int status = code >= 400 && code < 600 ? code : 502;
        String message = status == 503 || status == 502
                ? "The server behind " + (url == null ? "this address" : url) + " is not answering. It may be starting or may have stopped."
                : "Nothing is served at " + (url == null ? "this address" : url) + ".";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(pages.error(status, message)).build();
    }

    private static String query(UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        return query == null ? "" : "?" + query;
    }
}
