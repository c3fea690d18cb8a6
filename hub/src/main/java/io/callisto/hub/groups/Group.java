package io.callisto.hub.groups;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.callisto.hub.roles.Role;
import io.callisto.hub.users.User;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A named set of users; members are kept in the {@code memberships} table. */
@Entity
@Table(name = "groups")
public class Group extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> properties = new HashMap<>();

    public Instant created = Instant.now();

    public static final String MANAGED_BY_OIDC = "oidc";

    /** Null for a group edited by hand; {@code oidc} for one synced from the identity provider at every login. */
    @Column(name = "managed_by")
    public String managedBy;

    @ManyToMany(mappedBy = "groups")
    public Set<User> members = new HashSet<>();

    @ManyToMany
    @JoinTable(name = "group_roles",
            joinColumns = @JoinColumn(name = "group_id"),
            inverseJoinColumns = @JoinColumn(name = "role_id"))
    public Set<Role> roles = new HashSet<>();

    /** Whether the identity provider keeps its members, so people must not edit them. */
    public boolean managed() {
        return managedBy != null;
    }

    public static Optional<Group> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
