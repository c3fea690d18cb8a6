package io.callisto.hub.auth;

import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.tokens.TokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The identity behind an API token: from the {@link IdentityCache} when it holds the token, else read
 * from the database (token, owner, roles, groups) and kept. Each use is recorded as JupyterHub does (the
 * token's and its user's last activity), written at most once a minute per token.
 */
@ApplicationScoped
public class TokenIdentities {

    /** How stale a recorded use may get before a use writes it again (saves a write per request). */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    @Inject
    IdentityCache cache;

    @Inject
    TokenService tokens;

    @Inject
    Identities identities;

    public Optional<Identity> of(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String hash = Secrets.hash(secret);
        Instant now = Instant.now();
        IdentityCache.Entry entry = cache.get(hash, now);
        if (entry == null) {
            long generation = cache.generation();
            entry = QuarkusTransaction.joiningExisting().call(() -> load(hash, now));
            if (entry == null) {
                return Optional.empty();
            }
            cache.put(hash, entry, generation);
        }
        if (entry.useRecorded() == null || entry.useRecorded().plus(USE_RESOLUTION).isBefore(now)) {
            tokens.recordUse(entry.tokenId(), entry.userId(), now);
            entry.useRecorded(now);
        }
        return Optional.of(entry.identity());
    }

    private IdentityCache.Entry load(String hash, Instant now) {
        return tokens.live(hash, now).map(token -> new IdentityCache.Entry(identities.ofToken(token), token.id,
                token.user == null ? null : token.user.id, cache.until(now, token.expiresAt), token.lastActivity)).orElse(null);
    }
}
