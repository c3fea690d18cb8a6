package io.callisto.hub.roles;

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
 * A custom role: a named set of scopes, held by users, groups (and so their members) and services.
 * The built-in roles {@code user}, {@code admin}, {@code server} and {@code token} are not rows: see
 * {@link RoleService}.
 */
@Entity
@Table(name = "roles")
public class Role extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String description = "";

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> scopes = List.of();

    /** Declared in configuration, and so recreated from it at every start. */
    @Column(name = "from_config")
    public boolean fromConfig;

    public Instant created = Instant.now();

    public static Optional<Role> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
