package io.callisto.hub.auth;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Creates, finds and ends login sessions. Use slides a session's expiry forward. */
@ApplicationScoped
public class LoginSessions {

    /** The cookie that carries a session's secret; scoped to {@code /hub/} so single-user servers never see it. */
    public static final String COOKIE = "callisto-session";

    private static final Duration SEEN_RESOLUTION = Duration.ofMinutes(1);

    @Inject
    HubConfig config;

    /** A new session and the cookie value that stands for it. */
    public record Created(String secret, LoginSession session) {
    }

    @Transactional
    public Created create(User user, String ip, String userAgent) {
        String secret = Secrets.generate();
        LoginSession session = new LoginSession();
        session.secretHash = Secrets.hash(secret);
        session.user = User.findById(user.id);
        session.xsrfToken = Secrets.generate();
        session.expiresAt = Instant.now().plus(config.login().sessionMaxAge());
        session.ip = ip;
        session.userAgent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 512));
        session.persist();
        return new Created(secret, session);
    }

    /** The live session for a cookie value, its user loaded. */
    @Transactional
    public Optional<LoginSession> find(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Optional<LoginSession> found = LoginSession.<LoginSession>find(
                "from LoginSession s join fetch s.user where s.secretHash = ?1", Secrets.hash(secret)).firstResultOptional();
        found = found.filter(s -> s.expiresAt.isAfter(now));
        found.filter(s -> s.lastSeen.plus(SEEN_RESOLUTION).isBefore(now)).ifPresent(s -> {
            s.lastSeen = now;
            s.expiresAt = now.plus(config.login().sessionMaxAge());
        });
        return found;
    }

    /** Ends the session of this cookie value; the OAuth tokens issued under it end with it. */
    @Transactional
    public void end(String secret) {
        if (secret != null) {
            LoginSession.delete("secretHash", Secrets.hash(secret));
        }
    }
}
