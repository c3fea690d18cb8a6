package io.callisto.hub.auth;

import io.callisto.hub.api.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies the caller of every request, as JupyterHub does: a token in {@code Authorization: token …}
 * or {@code Authorization: bearer …} or {@code ?token=}, else the login cookie. Cookie-authenticated API
 * calls that change something must echo the session's XSRF token in {@code X-XSRFToken}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(?:token|bearer)\\s+(\\S+)\\s*");
    /** Methods that change nothing. */
    public static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    Caller caller;

    @Inject
    TokenIdentities tokens;

    @Inject
    LoginSessions sessions;

    @Inject
    Identities identities;

    @Override
    public void filter(ContainerRequestContext request) {
        String token = tokenOf(request);
        if (token != null) {
            tokens.of(token).ifPresent(caller::set);
            return;
        }
        Cookie cookie = request.getCookies().get(LoginSessions.COOKIE);
        if (cookie == null) {
            return;
        }
        QuarkusTransaction.joiningExisting().run(() -> sessions.find(cookie.getValue()).ifPresent(session -> {
            boolean api = request.getUriInfo().getPath().startsWith("/hub/api/");
            if (api && !SAFE_METHODS.contains(request.getMethod())
                    && !session.xsrfToken.equals(request.getHeaderString("X-XSRFToken"))) {
                throw ApiException.forbidden("XSRF check failed: API calls made with the login cookie must send the page's X-XSRFToken header");
            }
            caller.set(identities.ofSession(session));
        }));
    }

    private static String tokenOf(ContainerRequestContext request) {
        String header = request.getHeaderString("Authorization");
        if (header != null) {
            Matcher m = AUTHORIZATION.matcher(header);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return request.getUriInfo().getQueryParameters().getFirst("token");
    }
}
