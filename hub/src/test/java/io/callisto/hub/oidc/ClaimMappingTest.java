package io.callisto.hub.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callisto.hub.config.OidcConfig;
import io.callisto.hub.oidc.ClaimMapping.CourseRole;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimMappingTest {

    /** The configuration with these keys changed from their defaults. */
    private static OidcConfig config(Map<String, Object> changed) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "issuer", Optional.of(URI.create("http://kc/realms/callisto")), "clientId", "callisto",
                "usernameClaim", "preferred_username", "groupsClaim", "groups",
                "allowedGroups", Optional.empty(), "adminGroups", Optional.of(List.of("/callisto-admins")),
                "manageGroups", true, "connectTimeout", Duration.ofSeconds(5)));
        values.putAll(changed);
        OidcConfig.CourseRoles roles = (OidcConfig.CourseRoles) Proxy.newProxyInstance(OidcConfig.class.getClassLoader(),
                new Class<?>[] {OidcConfig.CourseRoles.class}, (p, m, a) -> switch (m.getName()) {
                    case "pattern" -> values.getOrDefault("pattern", "^/?courses/(?<course>[^/]+)/(?<role>[^/]+)$");
                    case "names" -> values.getOrDefault("names", Map.of("instructors", "instructor", "students", "student"));
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (OidcConfig) Proxy.newProxyInstance(OidcConfig.class.getClassLoader(), new Class<?>[] {OidcConfig.class},
                (p, m, a) -> m.getName().equals("courseRoles") ? roles : values.get(m.getName()));
    }

    private static ClaimMapping.Outcome map(Map<String, Object> config, Map<String, Object> claims) {
        return new ClaimMapping(config(config), "admin").apply(claims);
    }

    @Test
    void nameGroupsAdminAndCourseRolesComeFromTheClaims() {
        ClaimMapping.Outcome outcome = map(Map.of(), Map.of("preferred_username", "Ada.Lovelace",
                "groups", List.of("/courses/CS101/instructors", "/courses/MA201/students", "/callisto-admins", "/courses/CS101/auditors")));
        assertThat(outcome.refused()).isFalse();
        assertThat(outcome.person().username()).isEqualTo("ada.lovelace");
        assertThat(outcome.person().groups()).containsExactly("callisto-admins", "courses:CS101:auditors",
                "courses:CS101:instructors", "courses:MA201:students");
        assertThat(outcome.person().admin()).isTrue();
        assertThat(outcome.person().courseRoles()).containsExactly(new CourseRole("CS101", "instructor"), new CourseRole("MA201", "student"));
    }

    @Test
    void withoutRoleNamesTheMatchedTextIsTheRole() {
        ClaimMapping.Outcome outcome = map(Map.of("names", Map.of()), Map.of("preferred_username", "bo",
                "groups", List.of("/courses/CS101/tas")));
        assertThat(outcome.person().courseRoles()).containsExactly(new CourseRole("CS101", "tas"));
        assertThat(outcome.person().admin()).isFalse();
    }

    @Test
    void theCoursePatternIsConfiguration() {
        ClaimMapping.Outcome outcome = map(Map.of("pattern", "^(?<course>[A-Z]+[0-9]+)-(?<role>teacher|student)$", "names", Map.of()),
                Map.of("preferred_username", "bo", "groups", List.of("CS101-teacher", "/courses/CS101/students")));
        assertThat(outcome.person().courseRoles()).containsExactly(new CourseRole("CS101", "teacher"));
    }

    @Test
    void aPatternWithoutCourseAndRoleIsRefusedAtStart() {
        assertThatThrownBy(() -> new ClaimMapping(config(Map.of("pattern", "^/courses/(.*)$")), "admin"))
                .hasMessageContaining("'course' and 'role'");
    }

    @Test
    void someoneOutsideTheAllowedGroupsIsRefused() {
        Map<String, Object> allowed = Map.of("allowedGroups", Optional.of(List.of("callisto-users")));
        assertThat(map(allowed, Map.of("preferred_username", "eve", "groups", List.of("/other"))).refusal())
                .contains("not in a group that may use this service");
        assertThat(map(allowed, Map.of("preferred_username", "eve")).refused()).isTrue();
        assertThat(map(allowed, Map.of("preferred_username", "ann", "groups", List.of("/callisto-users"))).refused()).isFalse();
    }

    @Test
    void aTokenWithoutAUsableNameIsRefused() {
        assertThat(map(Map.of(), Map.of("sub", "123")).refusal()).contains("'preferred_username'");
        assertThat(map(Map.of(), Map.of("preferred_username", "a/b")).refusal()).contains("must not contain '/'");
        assertThat(map(Map.of(), Map.of("preferred_username", 42)).refused()).isTrue();
        assertThat(map(Map.of("usernameClaim", "email"), Map.of("email", "Ann@Example.edu")).person().username()).isEqualTo("ann@example.edu");
    }

    @Test
    void theLocalAdminCannotBeTakenOverThroughTheProvider() {
        assertThat(map(Map.of(), Map.of("preferred_username", "Admin", "groups", List.of("/callisto-admins"))).refusal())
                .contains("local administrator");
    }

    @Test
    void aSingleGroupStringAndOddValuesAreHandled() {
        ClaimMapping.Outcome outcome = map(Map.of(), Map.of("preferred_username", "bo", "groups", "/courses/CS101/students"));
        assertThat(outcome.person().groups()).containsExactly("courses:CS101:students");
        outcome = map(Map.of(), Map.of("preferred_username", "bo", "groups", List.of(1, "", "/", "plain")));
        assertThat(outcome.person().groups()).containsExactly("plain");
    }

    @Test
    void groupNamesDropTheLeadingSlashAndTurnTheRestIntoColons() {
        assertThat(ClaimMapping.groupName("/a/b/c")).contains("a:b:c");
        assertThat(ClaimMapping.groupName("plain")).contains("plain");
        assertThat(ClaimMapping.groupName("/")).isEmpty();
    }
}
