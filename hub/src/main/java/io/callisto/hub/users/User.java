package io.callisto.hub.users;

import io.callisto.hub.courses.CourseRole;
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
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** A person who logs in. The name is normalised ({@link UserNames}); the password is a bcrypt hash. */
@Entity
@Table(name = "users")
@NamedQuery(name = "User.withModelByName", query = User.WITH_MODEL + "u.name = ?1")
@NamedQuery(name = "User.withModelById", query = User.WITH_MODEL + "u.id = ?1")
public class User extends PanacheEntityBase {

    /** The user with everything the user model shows but servers, in one statement. */
    static final String WITH_MODEL = "select distinct u from User u left join fetch u.groups g left join fetch g.roles"
            + " left join fetch u.roles left join fetch u.courseRoles where ";

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

    /** Read-only here: course roles are written as {@link CourseRole} rows. */
    @OneToMany(mappedBy = "user")
    public Set<CourseRole> courseRoles = new HashSet<>();

    public static Optional<User> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** The user by name with their groups, the groups' roles, their own roles and course roles, read in one query. */
    public static Optional<User> withModelByName(String name) {
        return find("#User.withModelByName", name).singleResultOptional();
    }

    /** As {@link #withModelByName}, by id. */
    public static Optional<User> withModelById(long id) {
        return find("#User.withModelById", id).singleResultOptional();
    }

    /** Moves {@link #lastActivity} forward to {@code when}; never back. */
    public void touch(Instant when) {
        if (lastActivity == null || when.isAfter(lastActivity)) {
            lastActivity = when;
        }
    }
}
