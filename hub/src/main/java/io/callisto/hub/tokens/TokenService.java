package io.callisto.hub.tokens;

import io.callisto.hub.services.Service;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Issues, finds and revokes API tokens. */
@ApplicationScoped
public class TokenService {

    /** How stale a token's last-use time may get before a use writes it again (saves a write per request). */
    private static final Duration ACTIVITY_RESOLUTION = Duration.ofMinutes(1);

    /** A token as issued: the secret, shown once, and its stored record. */
    public record Issued(String secret, ApiToken token) {
    }

    /** Issues a token for a user. {@code expiresIn} may be null for a token that does not expire. */
    @Transactional
    public Issued issue(User user, ApiToken.Kind kind, Collection<String> scopes, String note, Duration expiresIn) {
        ApiToken token = new ApiToken();
        token.user = user;
        return persist(token, kind, scopes, note, expiresIn);
    }

    /** Issues a token for a service. */
    @Transactional
    public Issued issue(Service service, Collection<String> scopes, String note) {
        ApiToken token = new ApiToken();
        token.service = service;
        return persist(token, ApiToken.Kind.service, scopes, note, null);
    }

    /** Registers a secret chosen elsewhere (a configured service token), replacing the service's others. */
    @Transactional
    public void register(Service service, String secret, Collection<String> scopes, String note) {
        String hash = Secrets.hash(secret);
        ApiToken.delete("service = ?1 and hash <> ?2", service, hash);
        if (ApiToken.count("hash", hash) == 0) {
            ApiToken token = new ApiToken();
            token.service = service;
            fill(token, secret, ApiToken.Kind.service, scopes, note, null);
            token.persist();
        }
    }

    /** The live token with this secret: present, not expired. Records its use. */
    @Transactional
    public Optional<ApiToken> find(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Optional<ApiToken> token = ApiToken.<ApiToken>find("hash", Secrets.hash(secret)).firstResultOptional();
        token.filter(t -> !t.expired(now))
                .filter(t -> t.lastActivity == null || t.lastActivity.plus(ACTIVITY_RESOLUTION).isBefore(now))
                .ifPresent(t -> t.lastActivity = now);
        return token.filter(t -> !t.expired(now));
    }

    public List<ApiToken> ofUser(User user) {
        return ApiToken.list("user = ?1 and kind = ?2 order by created", user, ApiToken.Kind.api);
    }

    private Issued persist(ApiToken token, ApiToken.Kind kind, Collection<String> scopes, String note, Duration expiresIn) {
        String secret = Secrets.generate();
        fill(token, secret, kind, scopes, note, expiresIn);
        token.persist();
        return new Issued(secret, token);
    }

    private static void fill(ApiToken token, String secret, ApiToken.Kind kind, Collection<String> scopes, String note, Duration expiresIn) {
        token.hash = Secrets.hash(secret);
        token.prefix = secret.substring(0, Math.min(4, secret.length()));
        token.kind = kind;
        token.scopes = List.copyOf(scopes);
        token.note = note;
        token.expiresAt = expiresIn == null ? null : Instant.now().plus(expiresIn);
    }
}
