package io.callisto.hub.oidc;

import io.callisto.hub.auth.LoginSession;
import io.callisto.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Optional;

/**
 * RP-initiated logout: where to send a browser whose OIDC login session just ended, so that it is logged
 * out of the provider too ({@code end_session_endpoint?id_token_hint=…&post_logout_redirect_uri=…}). The
 * provider then sends it back to the hub's sign-in page, which must be registered at the provider as a
 * valid post-logout redirect URI.
 */
@ApplicationScoped
public class ProviderLogout {

    @Inject
    HubConfig config;

    @Inject
    ProviderMetadata provider;

    /** The provider's logout URL for an ended session; empty for local logins, or when the provider cannot be reached. */
    public Optional<String> url(LoginSession ended, HttpHeaders headers) {
        if (!config.oidc().providerLogout() || !LoginSession.OIDC.equals(ended.provider) || ended.idTokenHint == null
                || config.oidc().issuer().isEmpty()) {
            return Optional.empty();
        }
        return provider.endSessionEndpoint().map(endpoint -> UriBuilder.fromUri(endpoint)
                .queryParam("id_token_hint", ended.idTokenHint)
                .queryParam("client_id", config.oidc().clientId())
                .queryParam("post_logout_redirect_uri", publicBase(headers) + "/hub/login")
                .build().toString());
    }

    /** The hub's public origin: {@code callisto.public-url}, else what the proxy says the browser used. */
    String publicBase(HttpHeaders headers) {
        if (config.publicUrl().isPresent()) {
            return config.publicUrl().get().toString().replaceAll("/+$", "");
        }
        String host = first(headers.getHeaderString("X-Forwarded-Host"));
        if (host == null || host.isBlank()) {
            host = headers.getHeaderString(HttpHeaders.HOST);
        }
        String proto = first(headers.getHeaderString("X-Forwarded-Proto"));
        return (proto == null || proto.isBlank() ? "http" : proto) + "://" + host;
    }

    private static String first(String listed) {
        return listed == null ? null : listed.split(",")[0].strip();
    }
}
