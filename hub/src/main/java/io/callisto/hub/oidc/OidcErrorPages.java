package io.callisto.hub.oidc;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.pages.Pages;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What a person sees when the university login fails: a 403 page when the provider's answer cannot be
 * trusted (the state does not match, the code was used before or expired, the ID token has the wrong
 * issuer or audience or signature), a 503 page when the provider cannot be reached. Never a 401 with no
 * explanation, never a stack trace.
 */
public class OidcErrorPages {

    private static final Logger LOG = Logger.getLogger(OidcErrorPages.class);

    static final String UNREACHABLE = "The university login service cannot be reached right now. Please try again in a few "
            + "minutes. Administrators can still sign in with a local account.";
    static final String REJECTED = "The university login could not be completed: the answer from the login service "
            + "was not valid (it may have expired, been used already, or been changed on the way). Please sign in again.";

    @Inject
    Pages pages;

    @Inject
    HubConfig config;

    @ServerExceptionMapper
    public Response completion(AuthenticationCompletionException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public Response failed(AuthenticationFailedException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public Response provider(OIDCException e) {
        return answer(e);
    }

    /**
     * With no issuer configured, {@code /hub/oidc/*} is a readable 404 before security runs (there is no
     * tenant to authenticate with, so the login endpoint would otherwise answer a bare 401).
     */
    @ServerRequestFilter(preMatching = true)
    public Response whenOff(ContainerRequestContext request) {
        if (config.oidc().issuer().isEmpty() && request.getUriInfo().getPath().startsWith(OidcTenant.PATH_PREFIX)) {
            return page(404, OidcLoginResource.NOT_CONFIGURED);
        }
        return null;
    }

    private Response answer(Exception e) {
        boolean unreachable = unreachable(e);
        LOG.warnf("University login failed (%s): %s", unreachable ? "provider unreachable" : "rejected", describe(e));
        return page(unreachable ? 503 : 403, unreachable ? UNREACHABLE : REJECTED);
    }

    private Response page(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(pages.error(status, message)).build();
    }

    /** Whether the failure was not reaching the provider at all, rather than a bad answer from it. */
    static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof TimeoutException
                    || cause instanceof io.netty.channel.ConnectTimeoutException
                    || (cause.getMessage() != null && cause.getMessage().contains("OIDC server is not available"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
