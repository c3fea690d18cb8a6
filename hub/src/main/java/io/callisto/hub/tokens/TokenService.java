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

    /** The live token with this hash: present, not expired. */
    public Optional<ApiToken> live(String hash, Instant now) {
        return ApiToken.<ApiToken>find("hash", hash).firstResultOptional().filter(t -> !t.expired(now));
    }

    /** Records a use of a token: its last-use time and, as JupyterHub does, its user's last activity. */
    @Transactional
    public void recordUse(long tokenId, Long userId, Instant now) {
        ApiToken.update("lastActivity = ?1 where id = ?2", now, tokenId);
        if (userId != null) {
            User.update("lastActivity = ?1 where id = ?2 and (lastActivity is null or lastActivity < ?1)", now, userId);
        }
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
