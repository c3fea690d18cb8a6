package io.callisto.hub.oidc;

import io.callisto.hub.config.HubConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The provider's discovery document ({@code <issuer>/.well-known/openid-configuration}), read with the
 * configured timeout and kept for a few minutes. Answers whether the provider can be reached before a
 * person is sent there, and where its {@code end_session_endpoint} is for logging out.
 */
@ApplicationScoped
public class ProviderMetadata {

    private static final Logger LOG = Logger.getLogger(ProviderMetadata.class);
    private static final Duration KEEP = Duration.ofMinutes(5);

    /** The provider did not answer, or not with a discovery document. */
    public static class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    @Inject
    HubConfig config;

    private volatile JsonObject document;
    private volatile Instant readAt = Instant.EPOCH;

    /** The discovery document, read again when older than a few minutes. */
    public JsonObject document() throws Unavailable {
        JsonObject kept = document;
        if (kept != null && readAt.plus(KEEP).isAfter(Instant.now())) {
            return kept;
        }
        URI issuer = config.oidc().issuer().orElseThrow(() -> new Unavailable("No identity provider is configured"));
        URI discovery = URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        Duration timeout = config.oidc().connectTimeout();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(discovery).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Unavailable(discovery + " answered " + response.statusCode());
            }
            JsonObject read = new JsonObject(response.body());
            if (read.getString("authorization_endpoint") == null) {
                throw new Unavailable(discovery + " is not an OpenID Connect discovery document");
            }
            document = read;
            readAt = Instant.now();
            return read;
        } catch (IOException | DecodeException e) {
            LOG.warnf("The identity provider cannot be reached at %s: %s", discovery, e.toString());
            throw new Unavailable(discovery + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    /** Where to send a browser to log out of the provider, if it says (and can be reached). */
    public Optional<String> endSessionEndpoint() {
        try {
            return Optional.ofNullable(document().getString("end_session_endpoint"));
        } catch (Unavailable e) {
            return Optional.empty();
        }
    }
}
