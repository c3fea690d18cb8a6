package io.callisto.hub.oidc;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.Names;
import io.callisto.hub.config.OidcConfig;
import io.callisto.hub.users.UserNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a verified ID token's claims make of a person in Callisto: a pure function of the claims and the
 * configuration, so every rule is a table test. A token is refused when it names no valid user, or when
 * {@code allowed-groups} is set and the person is in none of them.
 */
public final class ClaimMapping {

    /** A course role from a group claim. */
    public record CourseRole(String course, String role) implements Comparable<CourseRole> {
        @Override
        public int compareTo(CourseRole other) {
            int byCourse = course.compareTo(other.course);
            return byCourse != 0 ? byCourse : role.compareTo(other.role);
        }
    }

    /** The person as Callisto will record them: name, groups (Callisto names), admin, course roles. */
    public record Person(String username, Set<String> groups, boolean admin, Set<CourseRole> courseRoles) {
    }

    /** Either the person, or why they may not log in (a sentence for the 403 page). */
    public record Outcome(Person person, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    private final OidcConfig config;
    private final String reservedName;
    private final Pattern coursePattern;

    /** @param reservedName the local break-glass admin, whom the provider may never log in as */
    public ClaimMapping(OidcConfig config, String reservedName) {
        this.config = config;
        this.reservedName = reservedName;
        try {
            this.coursePattern = Pattern.compile(config.courseRoles().pattern());
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("callisto.oidc.course-roles.pattern is not a regular expression: " + e.getMessage(), e);
        }
        if (!coursePattern.pattern().contains("?<course>") || !coursePattern.pattern().contains("?<role>")) {
            throw new IllegalArgumentException("callisto.oidc.course-roles.pattern must have the named groups 'course' and 'role'");
        }
    }

    public Outcome apply(Map<String, Object> claims) {
        Object rawName = claims.get(config.usernameClaim());
        if (!(rawName instanceof String name) || name.isBlank()) {
            return refuse("Your university account did not say who you are (the token has no '" + config.usernameClaim() + "' claim).");
        }
        String username;
        try {
            username = UserNames.valid(name.strip());
        } catch (ApiException e) {
            return refuse("Your university user name cannot be used here: " + e.getMessage() + ".");
        }
        if (username.equals(reservedName)) {
            return refuse("The account " + username + " is the local administrator's; it cannot be used through the university login.");
        }
        List<String> claimed = groupValues(claims.get(config.groupsClaim()));
        Set<String> groups = new TreeSet<>();
        claimed.forEach(value -> groupName(value).ifPresent(groups::add));
        if (config.allowedGroups().isPresent() && !inAny(claimed, groups, config.allowedGroups().get())) {
            return refuse("Your university account (" + username + ") is not in a group that may use this service.");
        }
        boolean admin = config.adminGroups().isPresent() && inAny(claimed, groups, config.adminGroups().get());
        return new Outcome(new Person(username, groups, admin, courseRoles(claimed)), null);
    }

    /** The Callisto group name of a claim value: without the leading {@code /}, further ones as {@code :}; empty when unusable. */
    public static java.util.Optional<String> groupName(String claimValue) {
        String name = claimValue.strip();
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        name = name.replace('/', ':');
        try {
            return java.util.Optional.of(Names.valid("Group name", name));
        } catch (ApiException e) {
            return java.util.Optional.empty();
        }
    }

    private Set<CourseRole> courseRoles(List<String> claimed) {
        Map<String, String> names = config.courseRoles().names();
        Set<CourseRole> roles = new TreeSet<>();
        for (String value : claimed) {
            Matcher m = coursePattern.matcher(value);
            if (!m.matches()) {
                continue;
            }
            String course = m.group("course");
            String role = m.group("role");
            if (!names.isEmpty()) {
                role = names.get(role);
            }
            if (course != null && !course.isBlank() && role != null && !role.isBlank()) {
                roles.add(new CourseRole(course, role));
            }
        }
        return roles;
    }

    /** Whether a claimed value or its Callisto name is one of {@code wanted} (leading {@code /} optional). */
    private static boolean inAny(List<String> claimed, Set<String> groups, List<String> wanted) {
        for (String w : wanted) {
            String bare = w.strip();
            if (claimed.contains(bare) || groups.contains(bare) || groupName(bare).filter(groups::contains).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The groups claim as strings: a JSON array, or one string; anything else counts as none. */
    private static List<String> groupValues(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof String one) {
            values.add(one);
        } else if (claim instanceof Iterable<?> many) {
            for (Object value : many) {
                if (value instanceof String one) {
                    values.add(one);
                }
            }
        }
        return values;
    }

    private static Outcome refuse(String why) {
        return new Outcome(null, why);
    }
}
