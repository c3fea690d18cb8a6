package io.callisto.hub.tokens;

import io.callisto.hub.services.Service;
import io.callisto.hub.users.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An API token. Only its SHA-256 hash and its first characters (to tell tokens apart in lists) are
 * stored. Its owner is a user or a service; its scopes are the most it may do, cut down at each use to
 * what the owner may do then.
 */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends PanacheEntityBase {

    /** What a token is for. */
    public enum Kind {
        /** Requested by a user or an admin through the API or the token page. */
        api,
        /** A single-user server's own token ({@code JUPYTERHUB_API_TOKEN}), revoked when it stops. */
        server,
        /** Issued by the OAuth token endpoint for a login session; ends with the session. */
        oauth,
        /** A service's configured token. */
        service
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String prefix;

    public String hash;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "service_id")
    public Service service;

    @Column(name = "server_id")
    public Long serverId;

    @Column(name = "session_id")
    public Long sessionId;

    @Column(name = "oauth_client_id")
    public Long oauthClientId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> scopes = List.of();

    public String note;

    public Instant created = Instant.now();

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_activity")
    public Instant lastActivity;

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
