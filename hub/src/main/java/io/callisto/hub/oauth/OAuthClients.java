package io.callisto.hub.oauth;

import io.callisto.hub.tokens.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Registers OAuth clients. */
@ApplicationScoped
public class OAuthClients {

    /** Creates the client or updates it (a server's secret changes with every start). */
    @Transactional
    public void register(String identifier, String description, String redirectUri, String secret, List<String> allowedScopes) {
        OAuthClient client = OAuthClient.byIdentifier(identifier).orElseGet(OAuthClient::new);
        client.identifier = identifier;
        client.description = description;
        client.redirectUri = redirectUri;
        client.secretHash = Secrets.hash(secret);
        client.allowedScopes = List.copyOf(allowedScopes);
        client.persist();
    }
}
