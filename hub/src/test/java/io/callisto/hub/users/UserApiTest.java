package io.callisto.hub.users;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.callisto.hub.courses.CourseRole;
import io.callisto.hub.testing.HubTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class UserApiTest {

    private static long users(String name) {
        return QuarkusTransaction.requiringNew().call(() -> User.count("name", name));
    }

    @Test
    void apiRootAnswersWithTheJupyterHubVersionHeader() {
        given().get("/hub/api/").then().statusCode(200)
                .header("X-JupyterHub-Version", notNullValue()).body("version", notNullValue());
        given().get("/hub/api").then().statusCode(200);
    }

    @Test
    void readingAUserWithGroupsAndRolesWarnsOfNothing() {
        String token = createUser("ua-warn");
        asAdmin().contentType("application/json").body("{\"users\": [\"ua-warn\"]}").post("/hub/api/groups/ua-warn-group").then().statusCode(201);
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger hibernate = Logger.getLogger("org.hibernate");
        hibernate.addHandler(handler);
        try {
            as(token).get("/hub/api/users/ua-warn").then().statusCode(200).body("groups[0]", equalTo("ua-warn-group"));
            as(token).get("/hub/api/user").then().statusCode(200).body("name", equalTo("ua-warn"));
        } finally {
            hibernate.removeHandler(handler);
        }
        assertThat(warnings).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void aPageShowsEachUsersOwnCourseRoles() {
        createUser("ua-course-a");
        createUser("ua-course-b");
        QuarkusTransaction.requiringNew().run(() -> {
            CourseRole role = new CourseRole();
            role.userId = User.byName("ua-course-a").orElseThrow().id;
            role.course = "CS101";
            role.role = "student";
            role.persist();
        });

        asAdmin().get("/hub/api/users?name_filter=ua-course-").then().statusCode(200)
                .body("find { it.name == 'ua-course-a' }.course_roles[0].course", equalTo("CS101"))
                .body("find { it.name == 'ua-course-a' }.course_roles[0].role", equalTo("student"))
                .body("find { it.name == 'ua-course-b' }.course_roles.size()", equalTo(0));
    }

    @Test
    void unknownUserIs404WithAJsonMessage() {
        asAdmin().get("/hub/api/users/nobody-here").then().statusCode(404)
                .contentType("application/json").body("status", equalTo(404)).body("message", containsString("nobody-here"));
    }

    @Test
    void createIs201ThenDuplicateIs409AndOneRowIsStored() {
        asAdmin().contentType("application/json").body("{\"admin\": false}").post("/hub/api/users/carol")
                .then().statusCode(201).body("name", equalTo("carol")).body("admin", equalTo(false));
        asAdmin().post("/hub/api/users/carol").then().statusCode(409).body("message", containsString("already exists"));
        assertThat(users("carol")).isEqualTo(1);
    }

    @Test
    void namesAreNormalisedToLowerCase() {
        asAdmin().post("/hub/api/users/DaVe").then().statusCode(201).body("name", equalTo("dave"));
        asAdmin().get("/hub/api/users/DAVE").then().statusCode(200).body("name", equalTo("dave"));
    }

    @Test
    void invalidNamesAre400AndCreateNothing() {
        asAdmin().urlEncodingEnabled(false).post("/hub/api/users/a%01b").then().statusCode(400).body("message", containsString("control"));
        String tooLong = "x".repeat(256);
        asAdmin().post("/hub/api/users/" + tooLong).then().statusCode(400).body("message", containsString("255"));
        assertThat(users(tooLong)).isZero();
    }

    @Test
    void malformedJsonAndUnknownFieldsAre400() {
        asAdmin().contentType("application/json").body("{not json").post("/hub/api/users/erin")
                .then().statusCode(400).body("message", containsString("Malformed JSON"));
        asAdmin().contentType("application/json").body("{\"colour\": \"red\"}").post("/hub/api/users/erin")
                .then().statusCode(400).body("message", containsString("colour"));
        assertThat(users("erin")).isZero();
    }

    @Test
    void shortPasswordIs400AndCreatesNothing() {
        asAdmin().contentType("application/json").body("{\"password\": \"short\"}").post("/hub/api/users/frank")
                .then().statusCode(400).body("message", containsString("at least"));
        assertThat(users("frank")).isZero();
    }

    @Test
    void anonymousAndOtherUsersAreRefused() {
        String gina = createUser("gina");
        createUser("hank");
        given().get("/hub/api/users/gina").then().statusCode(403);
        as("not-a-token").get("/hub/api/users/gina").then().statusCode(403);
        as(gina).get("/hub/api/users/hank").then().statusCode(403);
        as(gina).post("/hub/api/users/ivan").then().statusCode(403);
        as(gina).get("/hub/api/users/gina").then().statusCode(200).body("name", equalTo("gina"));
    }

    @Test
    void whoAmIListsTheTokensScopes() {
        String jill = createUser("jill");
        as(jill).get("/hub/api/user").then().statusCode(200)
                .body("name", equalTo("jill")).body("kind", equalTo("user"))
                .body("scopes", org.hamcrest.Matchers.hasItem("access:servers!user=jill"));
        asAdmin().get("/hub/api/user").then().statusCode(200).body("kind", equalTo("service"))
                .body("scopes", org.hamcrest.Matchers.hasItem("admin:users"));
    }

    @Test
    void adminsResetPasswordsAndDeleteUsers() {
        createUser("kate");
        asAdmin().contentType("application/json").body("{\"password\": \"a-new-password\"}").patch("/hub/api/users/kate")
                .then().statusCode(200);
        String hash = QuarkusTransaction.requiringNew().call(() -> User.byName("kate").orElseThrow().passwordHash);
        assertThat(io.callisto.hub.auth.Passwords.matches("a-new-password", hash)).isTrue();
        asAdmin().delete("/hub/api/users/kate").then().statusCode(204);
        assertThat(users("kate")).isZero();
        asAdmin().delete("/hub/api/users/kate").then().statusCode(404);
    }
}
