package io.callisto.hub.courses;

import io.callisto.hub.users.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Objects;

/**
 * A role a user holds in a course ({@code instructor} of {@code CS101}), as the identity provider's group
 * claims say at the user's last login (see {@code callisto.oidc.course-roles}). Courses themselves come
 * later; until then a course is named by the identifier the provider uses.
 */
@Entity
@Table(name = "course_roles")
@IdClass(CourseRole.Key.class)
public class CourseRole extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public long userId;

    @Id
    public String course;

    @Id
    public String role;

    /** The user, for {@link User#courseRoles}; written through {@link #userId}. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id", insertable = false, updatable = false)
    public User user;

    /** The composite key. */
    public static class Key implements Serializable {
        public long userId;
        public String course;
        public String role;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.userId == userId && Objects.equals(k.course, course) && Objects.equals(k.role, role);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, course, role);
        }
    }

    /** The course roles of several users (a page of them) in one query, by user id, each by course then role. */
    public static Map<Long, List<CourseRole>> ofUsers(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return CourseRole.<CourseRole>list("userId in ?1 order by course, role", userIds).stream()
                .collect(Collectors.groupingBy(r -> r.userId));
    }

    /** A user's course roles, by course then role. */
    public static List<CourseRole> of(long userId) {
        return list("userId = ?1 order by course, role", userId);
    }
}
