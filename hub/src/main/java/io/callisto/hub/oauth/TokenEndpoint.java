package io.callisto.hub.oauth;

import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.tokens.TokenService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /hub/api/oauth2/token}: exchanges a code for an access token (grant type
 * {@code authorization_code}). Errors follow RFC 6749: 400 or 401 with {@code error} and
 * {@code error_description}. A code works once.
 */
@Path("/hub/api/oauth2/token")
public class TokenEndpoint {

    @Inject
    TokenService tokens;

    @POST
    @Transactional
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@FormParam("grant_type") String grantType,
                          @FormParam("code") String code,
                          @FormParam("client_id") String clientId,
                          @FormParam("client_secret") String clientSecret,
                          @FormParam("redirect_uri") String redirectUri) {
        if (!"authorization_code".equals(grantType)) {
            return error(400, "unsupported_grant_type", "Only grant_type=authorization_code is supported");
        }
        OAuthClient client = clientId == null ? null : OAuthClient.byIdentifier(clientId).orElse(null);
        if (client == null || clientSecret == null || !Secrets.sameHash(client.secretHash, Secrets.hash(clientSecret))) {
            return error(401, "invalid_client", "Unknown client or wrong client secret");
        }
        OAuthCode grant = code == null ? null
                : OAuthCode.<OAuthCode>find("codeHash", Secrets.hash(code)).firstResultOptional().orElse(null);
        if (grant == null || !grant.client.id.equals(client.id)) {
            return error(400, "invalid_grant", "Unknown or already used code");
        }
        grant.delete();
        if (grant.expiresAt.isBefore(Instant.now())) {
            return error(400, "invalid_grant", "The code has expired");
        }
        TokenService.Issued issued = tokens.issue(grant.user, ApiToken.Kind.oauth, grant.scopes,
                "OAuth token for " + client.description, null);
        issued.token().sessionId = grant.sessionId;
        issued.token().oauthClientId = client.id;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.secret());
        body.put("token_type", "Bearer");
        body.put("scope", String.join(" ", grant.scopes));
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }

    private static Response error(int status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build();
    }
}
