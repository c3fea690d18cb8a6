package io.callisto.hub.oauth;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.users.User;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** {@code GET /hub/api/oauth2/authorize}: the browser step of the authorization-code flow. */
@Path("/hub/api/oauth2/authorize")
public class AuthorizeResource {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    @Inject
    Caller caller;

    @GET
    @Transactional
    public Response authorize(@Context UriInfo uri,
                              @QueryParam("client_id") String clientId,
                              @QueryParam("redirect_uri") String redirectUri,
                              @QueryParam("response_type") String responseType,
                              @QueryParam("state") String state,
                              @QueryParam("scope") String scope) {
        OAuthClient client = OAuthClient.byIdentifier(clientId == null ? "" : clientId)
                .orElseThrow(() -> ApiException.badRequest("Unknown OAuth client: " + clientId));
        if (redirectUri != null && !redirectUri.equals(client.redirectUri) && !sameTarget(redirectUri, client.redirectUri)) {
            throw ApiException.badRequest("redirect_uri " + redirectUri + " is not the one registered for " + clientId);
        }
        if (!"code".equals(responseType)) {
            throw ApiException.badRequest("response_type must be 'code'");
        }
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            String next = uri.getRequestUri().getRawPath() + "?" + uri.getRequestUri().getRawQuery();
            return Redirects.to("/hub/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        String code = Secrets.generate();
        OAuthCode row = new OAuthCode();
        row.codeHash = Secrets.hash(code);
        row.client = client;
        row.user = User.findById(identity.id());
        row.sessionId = identity.sessionId();
        row.redirectUri = client.redirectUri;
        row.scopes = requested(scope, client);
        row.expiresAt = Instant.now().plus(CODE_LIFETIME);
        row.persist();
        UriBuilder back = UriBuilder.fromUri(redirectUri == null ? client.redirectUri : redirectUri).queryParam("code", code);
        if (state != null) {
            back.queryParam("state", state);
        }
        return Redirects.to(back.build().toString());
    }

    /** The scopes asked for, kept to those the client may ask for; the client's own list when none are asked. */
    private static List<String> requested(String scope, OAuthClient client) {
        if (scope == null || scope.isBlank()) {
            return client.allowedScopes;
        }
        return Arrays.stream(scope.trim().split("\\s+")).filter(client.allowedScopes::contains).distinct().toList();
    }

    /** A relative registered URI matches an absolute one with the same path (servers send either form). */
    private static boolean sameTarget(String given, String registered) {
        URI uri = URI.create(given);
        return registered.startsWith("/") && registered.equals(uri.getRawPath()) && uri.getRawQuery() == null;
    }
}
