package io.callisto.hub.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.callisto.hub.groups.Group;
import io.callisto.hub.testing.HubApi;
import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Login sessions through the API and the Sessions page, groups the identity provider manages, and OIDC being off by default. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class SessionsApiTest {

    private static String login(String user) {
        return given().redirects().follow(false).formParam("username", user).formParam("password", "password-" + user)
                .post("/hub/login").then().statusCode(302).extract().cookie(LoginSessions.COOKIE);
    }

    private static long sessions(String user) {
        return QuarkusTransaction.requiringNew().call(() -> LoginSession.count("user.name", user));
    }

    @Test
    void aUserListsAndEndsTheirOwnSessionsButNotOthers() {
        String token = HubApi.createUser("sess-sara");
        HubApi.createUser("sess-tom");
        String first = login("sess-sara");
        String second = login("sess-sara");
        login("sess-tom");
        HubApi.as(token).get("/hub/api/users/sess-sara/sessions").then().statusCode(200)
                .body("sessions", hasSize(2)).body("sessions[0].provider", equalTo("local"))
                .body("sessions[0].user_agent", not(nullValue())).body("sessions[0].current", equalTo(false));
        HubApi.as(token).get("/hub/api/users/sess-tom/sessions").then().statusCode(403);
        HubApi.as(token).delete("/hub/api/users/sess-tom/sessions").then().statusCode(403);
        assertThat(sessions("sess-tom")).isEqualTo(1);

        String firstId = given().cookie(LoginSessions.COOKIE, first).get("/hub/api/users/sess-sara/sessions").then().statusCode(200)
                .body("sessions.findAll { it.current }", hasSize(1)).extract().path("sessions.find { it.current }.id");
        HubApi.as(token).delete("/hub/api/users/sess-sara/sessions/" + firstId).then().statusCode(204);
        HubApi.as(token).delete("/hub/api/users/sess-sara/sessions/" + firstId).then().statusCode(404);
        HubApi.as(token).delete("/hub/api/users/sess-sara/sessions/not-a-number").then().statusCode(404);
        given().cookie(LoginSessions.COOKIE, first).get("/hub/api/user").then().statusCode(403);
        given().cookie(LoginSessions.COOKIE, second).get("/hub/api/user").then().statusCode(200);
        assertThat(sessions("sess-sara")).isEqualTo(1);
    }

    @Test
    void endingAllButTheCurrentSessionKeepsIt() {
        HubApi.createUser("sess-uma");
        String kept = login("sess-uma");
        login("sess-uma");
        login("sess-uma");
        String xsrf = QuarkusTransaction.requiringNew().call(() -> LoginSession.<LoginSession>find("user.name = ?1 order by id", "sess-uma")
                .firstResult().xsrfToken);
        given().cookie(LoginSessions.COOKIE, kept).header("X-XSRFToken", xsrf).delete("/hub/api/users/sess-uma/sessions?keep_current=true")
                .then().statusCode(200).body("ended", equalTo(2));
        given().cookie(LoginSessions.COOKIE, kept).get("/hub/api/user").then().statusCode(200);
        assertThat(sessions("sess-uma")).isEqualTo(1);
        HubApi.asAdmin().delete("/hub/api/users/sess-uma/sessions").then().statusCode(200).body("ended", equalTo(1));
        assertThat(sessions("sess-uma")).isZero();
    }

    @Test
    void theSessionsPageShowsThisBrowser() {
        HubApi.createUser("sess-vera");
        String cookie = login("sess-vera");
        given().cookie(LoginSessions.COOKIE, cookie).get("/hub/sessions").then().statusCode(200)
                .body(containsString("This browser")).body(containsString("Local account"));
        given().redirects().follow(false).get("/hub/sessions").then().statusCode(302);
    }

    @Test
    void membersOfAGroupTheProviderManagesCannotBeEditedByHand() {
        HubApi.createUser("sess-wim");
        HubApi.asAdmin().contentType("application/json").body("{\"users\": [\"sess-wim\"]}").post("/hub/api/groups/courses:CS202:students")
                .then().statusCode(201).body("managed_by", nullValue());
        QuarkusTransaction.requiringNew().run(() -> Group.byName("courses:CS202:students").orElseThrow().managedBy = Group.MANAGED_BY_OIDC);
        HubApi.asAdmin().get("/hub/api/groups/courses:CS202:students").then().statusCode(200).body("managed_by", equalTo("oidc"));
        HubApi.asAdmin().contentType("application/json").body("{\"users\": [\"sess-wim\"]}").delete("/hub/api/groups/courses:CS202:students/users")
                .then().statusCode(409).body("message", containsString("managed by the identity provider"));
        HubApi.asAdmin().contentType("application/json").body("{\"users\": [\"admin\"]}").post("/hub/api/groups/courses:CS202:students/users")
                .then().statusCode(409);
        HubApi.asAdmin().delete("/hub/api/groups/courses:CS202:students").then().statusCode(409);
        assertThat(QuarkusTransaction.requiringNew().call(() -> User.byName("sess-wim").orElseThrow().groups.stream().map(g -> g.name).toList()))
                .containsExactly("courses:CS202:students");
        HubApi.asAdmin().contentType("application/json").body("{\"term\": \"2026\"}").put("/hub/api/groups/courses:CS202:students/properties")
                .then().statusCode(200);
    }

    @Test
    void withoutAnIssuerOnlyLocalAccountsAreOffered() {
        given().get("/hub/login").then().statusCode(200).body(not(containsString("oidc-login")));
        given().redirects().follow(false).get("/hub/oidc/start").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("not configured"));
        given().redirects().follow(false).get("/hub/oidc/login").then().statusCode(404).contentType(containsString("text/html"));
        HubApi.asAdmin().get("/hub/api/users/admin").then().statusCode(200).body("course_roles", hasSize(0));
    }
}
