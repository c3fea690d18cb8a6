package io.callisto.hub.oidc;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.LoginSession;
import io.callisto.hub.auth.LoginSessions;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.pages.Pages;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserNames;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The university login. {@code /hub/oidc/start} checks that the provider answers (a 503 page if not),
 * remembers where to go afterwards and sends the browser to {@code /hub/oidc/login}, where quarkus-oidc
 * runs the authorization code flow with PKCE ({@link OidcTenant}) and verifies the ID token (signature,
 * issuer, audience, expiry, nonce). The method below then runs with the verified token: it maps the
 * claims ({@link ClaimMapping}), records the person ({@link ClaimSync}), starts a Callisto login session
 * kept in PostgreSQL and drops quarkus-oidc's own session cookie: from here on the hub's cookie is the
 * only login. A failed flow (tampered state, a code used twice or expired, a wrong issuer or audience) is
 * a 403 page ({@link OidcErrorPages}); nothing is created.
 */
@Path("/hub/oidc")
@Produces(MediaType.TEXT_HTML)
public class OidcLoginResource {

    private static final Logger LOG = Logger.getLogger(OidcLoginResource.class);
    static final String NEXT_COOKIE = "callisto-oidc-next";
    static final String NOT_CONFIGURED = "University login is not configured on this hub; sign in with your local account.";

    @Inject
    HubConfig config;

    @Inject
    Pages pages;

    @Inject
    ProviderMetadata provider;

    @Inject
    ClaimSync sync;

    @Inject
    LoginSessions sessions;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcSession oidcSession;

    private volatile ClaimMapping mapping;

    @GET
    @Path("start")
    public Response start(@QueryParam("next") String next) {
        if (config.oidc().issuer().isEmpty()) {
            return page(404, NOT_CONFIGURED);
        }
        try {
            provider.document();
        } catch (ProviderMetadata.Unavailable e) {
            return page(503, OidcErrorPages.UNREACHABLE);
        }
        NewCookie remember = nextCookie(Redirects.safeNext(next), Duration.ofMinutes(10));
        return Response.fromResponse(Redirects.to("/hub/oidc/login")).cookie(remember).build();
    }

    @GET
    @Path("login")
    @Authenticated
    @Transactional
    public Response login(@CookieParam(NEXT_COOKIE) String next, @Context HttpServerRequest request, @Context HttpHeaders headers) {
        String raw = idToken.getRawToken();
        oidcSession.logout().await().atMost(Duration.ofSeconds(5));
        ClaimMapping.Outcome outcome = mapping().apply(claims(raw));
        if (outcome.refused()) {
            LOG.infof("University login refused: %s", outcome.refusal());
            return page(403, outcome.refusal());
        }
        Instant now = Instant.now();
        User user = sync.apply(outcome.person(), now);
        LoginSessions.Created session = sessions.create(user, LoginSessions.clientAddress(request),
                headers.getHeaderString(HttpHeaders.USER_AGENT), LoginSession.OIDC, raw);
        LOG.infof("%s logged in through the identity provider", user.name);
        return Response.fromResponse(Redirects.to(Redirects.safeNext(next)))
                .cookie(sessions.cookie(session.secret(), config.login().sessionMaxAge()))
                .cookie(nextCookie("", Duration.ZERO))
                .build();
    }

    private ClaimMapping mapping() {
        if (mapping == null) {
            mapping = new ClaimMapping(config.oidc(), UserNames.normalise(config.admin().name()));
        }
        return mapping;
    }

    /** The claims of a token quarkus-oidc has verified, as plain Java values (lists, maps, strings). */
    static java.util.Map<String, Object> claims(String rawToken) {
        String payload = rawToken.split("\\.")[1];
        return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).getMap();
    }

    private Response page(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(pages.error(status, message)).build();
    }

    /** Where to go once logged in, kept for the few minutes the code flow takes. */
    private NewCookie nextCookie(String value, Duration maxAge) {
        return new NewCookie.Builder(NEXT_COOKIE).value(value).path(OidcTenant.PATH_PREFIX).httpOnly(true)
                .secure(config.login().secureCookies()).sameSite(NewCookie.SameSite.LAX)
                .maxAge((int) maxAge.toSeconds()).build();
    }
}
