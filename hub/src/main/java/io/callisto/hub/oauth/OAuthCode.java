package io.callisto.hub.oauth;

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
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An authorization code: issued by the authorize endpoint, exchanged once for a token, short-lived. */
@Entity
@Table(name = "oauth_codes")
public class OAuthCode extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "code_hash")
    public String codeHash;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "client_id")
    public OAuthClient client;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    @Column(name = "session_id")
    public Long sessionId;

    @Column(name = "redirect_uri")
    public String redirectUri;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> scopes = List.of();

    @Column(name = "expires_at")
    public Instant expiresAt;
}
