package io.callisto.hub.auth;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.oidc.ProviderLogout;
import io.callisto.hub.servers.ServerCookies;
import io.callisto.hub.pages.Pages;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserNames;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The sign-in page (local accounts, and the university login's button when configured) and logout: {@code /hub/login}, {@code /hub/logout}. */
@Path("/hub")
@Produces(MediaType.TEXT_HTML)
public class LoginResource {

    @Inject
    HubConfig config;

    @Inject
    Caller caller;

    @Inject
    LoginSessions sessions;

    @Inject
    LoginThrottle throttle;

    @Inject
    ProviderLogout providerLogout;

    @Inject
    ServerCookies serverCookies;

    @Location("login.html")
    Template login;

    @GET
    @Path("login")
    public Response form(@QueryParam("next") String next, @QueryParam("local") String local) {
        if (caller.identity().filter(Identity::isUser).isPresent()) {
            return Redirects.to(Redirects.safeNext(next));
        }
        if (config.oidc().autoLogin() && config.oidc().issuer().isPresent() && local == null) {
            return Redirects.to(oidcStart(next));
        }
        return Pages.html(200, page(null, null, next));
    }

    @POST
    @Path("login")
    @Transactional
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("username") String username, @FormParam("password") String password,
                          @FormParam("next") String next, @Context HttpServerRequest request, @Context HttpHeaders headers) {
        String name = UserNames.normalise(username == null ? "" : username.strip());
        Instant now = Instant.now();
        Optional<Duration> wait = throttle.waitFor(name, now);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            return Response.fromResponse(Pages.html(429, page("Too many failed attempts for this account; try again in "
                    + seconds + " seconds.", username, next))).header("Retry-After", seconds).build();
        }
        Optional<User> user = User.byName(name);
        if (!Passwords.matches(password, user.map(u -> u.passwordHash).orElse(null))) {
            throttle.failed(name, now);
            return Pages.html(403, page("Invalid user name or password.", username, next));
        }
        throttle.succeeded(name);
        user.get().touch(now);
        LoginSessions.Created session = sessions.create(user.get(), LoginSessions.clientAddress(request),
                headers.getHeaderString(HttpHeaders.USER_AGENT));
        return Response.fromResponse(Redirects.to(Redirects.safeNext(next))).cookie(sessions.cookie(session.secret(), config.login().sessionMaxAge())).build();
    }

    /**
     * Ends this browser's session (and with it the OAuth tokens its servers' cookies hold), removes those
     * cookies from the browser, and logs a session that came from the identity provider out there too.
     */
    @GET
    @Path("logout")
    public Response logout(@CookieParam(LoginSessions.COOKIE) String secret, @Context HttpHeaders headers) {
        Optional<LoginSession> ended = sessions.end(secret);
        String then = ended.flatMap(e -> providerLogout.url(e, headers)).orElse("/hub/login");
        List<NewCookie> cookies = new ArrayList<>(ended.map(e -> serverCookies.removals(e.user.id)).orElse(List.of()));
        cookies.add(sessions.cookie("", Duration.ZERO));
        return Response.fromResponse(Redirects.to(then)).cookie(cookies.toArray(NewCookie[]::new)).build();
    }

    private TemplateInstance page(String error, String username, String next) {
        String oidc = config.oidc().issuer().isPresent() ? config.oidc().buttonText() : null;
        return login.data("user", null).data("error", error).data("username", username).data("next", next)
                .data("oidc", oidc).data("oidcStart", oidcStart(next));
    }

    private static String oidcStart(String next) {
        return "/hub/oidc/start" + (next == null || next.isBlank() ? ""
                : "?next=" + java.net.URLEncoder.encode(Redirects.safeNext(next), java.nio.charset.StandardCharsets.UTF_8));
    }
}
