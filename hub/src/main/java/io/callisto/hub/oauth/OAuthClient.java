package io.callisto.hub.oauth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A program that logs people in through the hub: each single-user server is one
 * ({@code jupyterhub-user-alice}), its secret being the server's API token.
 */
@Entity
@Table(name = "oauth_clients")
public class OAuthClient extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String identifier;

    public String description;

    @Column(name = "redirect_uri")
    public String redirectUri;

    @Column(name = "secret_hash")
    public String secretHash;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_scopes")
    public List<String> allowedScopes = List.of();

    public Instant created = Instant.now();

    public static Optional<OAuthClient> byIdentifier(String identifier) {
        return find("identifier", identifier).firstResultOptional();
    }
}
