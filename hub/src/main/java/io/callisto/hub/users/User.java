package io.callisto.hub.users;

import io.callisto.hub.groups.Group;
import io.callisto.hub.roles.Role;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** A person who logs in. The name is normalised ({@link UserNames}); the password is a bcrypt hash. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public boolean admin;

    @Column(name = "password_hash")
    public String passwordHash;

    public Instant created = Instant.now();

    @Column(name = "last_activity")
    public Instant lastActivity;

    @ManyToMany
    @JoinTable(name = "memberships",
            joinColumns = @JoinColumn(name = "user_id"),
            inverseJoinColumns = @JoinColumn(name = "group_id"))
    public Set<Group> groups = new HashSet<>();

    @ManyToMany
    @JoinTable(name = "user_roles",
            joinColumns = @JoinColumn(name = "user_id"),
            inverseJoinColumns = @JoinColumn(name = "role_id"))
    public Set<Role> roles = new HashSet<>();

    public static Optional<User> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** The user with their groups, the groups' roles and their own roles, read in one query. */
    public static Optional<User> withRoles(String field, Object value) {
        return find("select distinct u from User u left join fetch u.groups g left join fetch g.roles"
                + " left join fetch u.roles where u." + field + " = ?1", value).singleResultOptional();
    }

    /** Moves {@link #lastActivity} forward to {@code when}; never back. */
    public void touch(Instant when) {
        if (lastActivity == null || when.isAfter(lastActivity)) {
            lastActivity = when;
        }
    }
}
