package io.callisto.hub.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.callisto.hub.testing.HubApi;
import io.callisto.hub.testing.HubTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class LoginTest {

    private static Response login(String user, String password) {
        return given().redirects().follow(false).formParam("username", user).formParam("password", password)
                .formParam("next", "/hub/home").post("/hub/login");
    }

    private static long sessions(String user) {
        return QuarkusTransaction.requiringNew().call(() -> LoginSession.count("user.name", user));
    }

    @Test
    void rightPasswordStartsASessionKeptInTheDatabase() {
        HubApi.createUser("lena");
        Response response = login("lena", "password-lena");
        response.then().statusCode(302).header("Location", "/hub/home").cookie(LoginSessions.COOKIE, notNullValue());
        assertThat(sessions("lena")).isEqualTo(1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> io.callisto.hub.users.User.byName("lena").orElseThrow().lastActivity))
                .as("a login counts as activity, as in JupyterHub").isNotNull();
        String cookie = response.getCookie(LoginSessions.COOKIE);
        given().cookie(LoginSessions.COOKIE, cookie).get("/hub/api/user").then().statusCode(200).body("name", equalTo("lena"));
        given().redirects().follow(false).cookie(LoginSessions.COOKIE, cookie).get("/hub/logout").then().statusCode(302);
        assertThat(sessions("lena")).isZero();
        given().cookie(LoginSessions.COOKIE, cookie).get("/hub/api/user").then().statusCode(403);
    }

    @Test
    void wrongPasswordIs403WithAReadablePageAndNoSession() {
        HubApi.createUser("mona");
        login("mona", "wrong-password").then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("Invalid user name or password"));
        assertThat(sessions("mona")).isZero();
    }

    @Test
    void repeatedFailuresAreSlowedDownEvenForTheRightPassword() {
        HubApi.createUser("nora");
        for (int i = 0; i < 3; i++) {
            login("nora", "wrong-" + i).then().statusCode(403);
        }
        login("nora", "password-nora").then().statusCode(429).header("Retry-After", notNullValue())
                .body(containsString("Too many failed attempts"));
        assertThat(sessions("nora")).isZero();
    }

    @Test
    void cookieApiCallsThatChangeThingsNeedTheXsrfHeader() {
        HubApi.createUser("olga");
        String cookie = login("olga", "password-olga").getCookie(LoginSessions.COOKIE);
        given().cookie(LoginSessions.COOKIE, cookie).contentType("application/json").body("{}")
                .post("/hub/api/users/olga/tokens").then().statusCode(403).body("message", containsString("XSRF"));
        String xsrf = QuarkusTransaction.requiringNew().call(() ->
                LoginSession.<LoginSession>find("user.name", "olga").firstResult().xsrfToken);
        given().cookie(LoginSessions.COOKIE, cookie).header("X-XSRFToken", xsrf).contentType("application/json").body("{}")
                .post("/hub/api/users/olga/tokens").then().statusCode(201);
    }

    @Test
    void loginPageRendersAndUnsafeNextIsIgnored() {
        given().get("/hub/login").then().statusCode(200).body(containsString("username_input"));
        HubApi.createUser("pia");
        given().redirects().follow(false).formParam("username", "pia").formParam("password", "password-pia")
                .formParam("next", "//evil.example/").post("/hub/login").then().statusCode(302).header("Location", "/hub/home");
    }

    @Test
    void adminLogsInWithTheConfiguredPassword() {
        login("admin", HubTestResource.ADMIN_PASSWORD).then().statusCode(302);
    }
}
