package io.callisto.hub.auth;

import io.callisto.hub.users.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A browser's login. The cookie holds a random secret; this row holds its hash, so the table can be
 * read without being able to log in. Lives in PostgreSQL, so every hub replica and restart sees it.
 */
@Entity
@Table(name = "login_sessions")
public class LoginSession extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "secret_hash")
    public String secretHash;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    /** Sent back by the hub's pages in {@code X-XSRFToken} on API calls made with the cookie. */
    @Column(name = "xsrf_token")
    public String xsrfToken;

    public Instant created = Instant.now();

    @Column(name = "last_seen")
    public Instant lastSeen = Instant.now();

    @Column(name = "expires_at")
    public Instant expiresAt;

    public String ip;

    @Column(name = "user_agent")
    public String userAgent;

    /** {@code local} (password) or {@code oidc} (the identity provider). */
    public String provider = LOCAL;

    /** The ID token of an OIDC login, sent back as {@code id_token_hint} when logging out of the provider. */
    @Column(name = "id_token_hint")
    public String idTokenHint;

    public static final String LOCAL = "local";
    public static final String OIDC = "oidc";
}
