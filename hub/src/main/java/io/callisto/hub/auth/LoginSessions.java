package io.callisto.hub.auth;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.users.User;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Creates, finds and ends login sessions. Use slides a session's expiry forward. */
@ApplicationScoped
public class LoginSessions {

    /** The cookie that carries a session's secret; scoped to {@code /hub/} so single-user servers never see it. */
    public static final String COOKIE = "callisto-session";

    private static final Duration SEEN_RESOLUTION = Duration.ofMinutes(1);

    @Inject
    HubConfig config;

    /**
     * Where a login came from: the address the proxy saw (the last {@code X-Forwarded-For} entry, which the
     * proxy appends; the hub listens on loopback behind it), else the connection's own peer.
     */
    public static String clientAddress(HttpServerRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** The login cookie carrying {@code secret} (empty with a zero age: the cookie's removal). */
    public NewCookie cookie(String secret, Duration maxAge) {
        return new NewCookie.Builder(COOKIE).value(secret).path("/hub/").httpOnly(true)
                .secure(config.login().secureCookies()).sameSite(NewCookie.SameSite.LAX)
                .maxAge((int) maxAge.toSeconds()).build();
    }

    /** A new session and the cookie value that stands for it. */
    public record Created(String secret, LoginSession session) {
    }

    @Transactional
    public Created create(User user, String ip, String userAgent) {
        return create(user, ip, userAgent, LoginSession.LOCAL, null);
    }

    /** A session of a login through {@code provider}; {@code idTokenHint} is kept for logging out there. */
    @Transactional
    public Created create(User user, String ip, String userAgent, String provider, String idTokenHint) {
        String secret = Secrets.generate();
        LoginSession session = new LoginSession();
        session.secretHash = Secrets.hash(secret);
        session.user = User.findById(user.id);
        session.xsrfToken = Secrets.generate();
        session.expiresAt = Instant.now().plus(config.login().sessionMaxAge());
        session.ip = ip;
        session.userAgent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 512));
        session.provider = provider;
        session.idTokenHint = idTokenHint;
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

    /**
     * Ends the session of this cookie value and answers what it was (its user loaded); the OAuth tokens
     * issued under it (single-user servers' cookies) end with it.
     */
    @Transactional
    public Optional<LoginSession> end(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Optional<LoginSession> found = LoginSession.<LoginSession>find(
                "from LoginSession s join fetch s.user where s.secretHash = ?1", Secrets.hash(secret)).firstResultOptional();
        found.ifPresent(LoginSession::delete);
        return found;
    }

    /** A user's live sessions, most recently used first. */
    @Transactional
    public List<LoginSession> ofUser(long userId) {
        return LoginSession.list("user.id = ?1 and expiresAt > ?2 order by lastSeen desc, id desc", userId, Instant.now());
    }

    /** Ends one of a user's sessions; false when the user has no such session. */
    @Transactional
    public boolean end(long userId, long sessionId) {
        return LoginSession.delete("id = ?1 and user.id = ?2", sessionId, userId) > 0;
    }

    /** Ends every session of a user but {@code keep} (null: all); answers how many ended. */
    @Transactional
    public long endAll(long userId, Long keep) {
        return keep == null ? LoginSession.delete("user.id", userId)
                : LoginSession.delete("user.id = ?1 and id <> ?2", userId, keep);
    }

    /** Forgets sessions past their expiry, so the table holds only live ones. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgeExpired() {
        LoginSession.delete("expiresAt < ?1", Instant.now());
    }
}
