package io.callisto.hub.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * University login as people use it: the packaged hub and its proxy, the real Keycloak with the
 * {@code callisto} realm brokering the {@code university} realm, real single-user servers and Chromium.
 * The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UniversityLoginIT {

    private static KeycloakServer keycloak;
    private static HubProcess hub;
    private static Browser alice;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        hub = new HubProcess(keycloak.hubConfig());
        keycloak.allowHub(hub.publicUrl());
        hub.start();
        alice = new Browser(HubProcess.ROOT.resolve("hub/target/e2e/screenshots"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (alice != null) {
            alice.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    /** From the hub's sign-in page through the university's login page back to the home page; answers how long it took. */
    static Duration signIn(Browser browser, String publicUrl, String user, String password, boolean expectForm) throws Exception {
        browser.get(publicUrl + "/hub/login");
        browser.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("oidc-login")));
        long begin = System.nanoTime();
        browser.driver.findElement(By.id("oidc-login")).click();
        browser.waiting(30).until(d -> d.getCurrentUrl().contains("/hub/home") || !d.findElements(By.id("kc-form-login")).isEmpty());
        if (expectForm) {
            assertThat(browser.driver.getCurrentUrl()).as("the university realm's own login page").contains("/realms/university/");
            browser.screenshot("university-login-" + user);
        }
        if (!browser.driver.findElements(By.id("kc-form-login")).isEmpty()) {
            System.out.printf("%s: the university asked for the password%n", user);
            browser.driver.findElement(By.id("username")).sendKeys(user);
            browser.driver.findElement(By.id("password")).sendKeys(password);
            browser.driver.findElement(By.id("kc-login")).click();
        }
        browser.waiting(60).until(ExpectedConditions.urlContains("/hub/home"));
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    private static JsonPath user(String name) {
        return given().header("Authorization", "token " + hub.adminToken).get(hub.publicUrl() + "/hub/api/users/" + name)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void aStudentSignsInWithTheUniversityAccountAndStartsTheirServer() throws Exception {
        alice.get(hub.publicUrl() + "/hub/login");
        alice.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("oidc-login")));
        alice.screenshot("login-with-university-button");
        assertThat(alice.driver.findElement(By.id("oidc-login")).getText()).isEqualTo("Sign in with your university account");

        Duration roundTrip = signIn(alice, hub.publicUrl(), "alice", "alice-password", true);
        System.out.printf("University login round trip (click to home page, password typed): %d ms%n", roundTrip.toMillis());
        alice.screenshot("home-student-with-courses");
        assertThat(alice.driver.findElement(By.cssSelector(".user-name-label")).getText()).contains("alice");
        assertThat(alice.driver.findElement(By.cssSelector("#courses li[data-course='CS101']")).getAttribute("data-role")).isEqualTo("student");
        assertThat(alice.driver.findElements(By.linkText("Admin"))).isEmpty();

        JsonPath model = user("alice");
        assertThat(model.getList("groups", String.class)).containsExactlyInAnyOrder("callisto-users", "courses:CS101:students");
        assertThat(model.getBoolean("admin")).isFalse();
        assertThat(model.getList("course_roles")).containsExactly(Map.of("course", "CS101", "role", "student"));
        given().header("Authorization", "token " + hub.adminToken).get(hub.publicUrl() + "/hub/api/groups/courses:CS101:students")
                .then().statusCode(200).body("managed_by", org.hamcrest.Matchers.equalTo("oidc"))
                .body("users", org.hamcrest.Matchers.contains("alice"));
        given().header("Authorization", "token " + hub.adminToken).contentType("application/json").body("{\"users\": [\"alice\"]}")
                .delete(hub.publicUrl() + "/hub/api/groups/courses:CS101:students/users").then().statusCode(409);

        alice.driver.findElement(By.id("start")).click();
        alice.waiting(90).until(ExpectedConditions.urlContains("/user/alice/"));
        alice.screenshot("student-server");
    }

    @Test
    @Order(2)
    void aHubRestartKeepsTheStudentSignedIn() throws Exception {
        hub.kill();
        hub.start();
        alice.get(hub.publicUrl() + "/hub/home");
        alice.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("home")));
        assertThat(alice.driver.findElement(By.cssSelector(".user-name-label")).getText()).contains("alice");
    }

    @Test
    @Order(3)
    void theStudentSeesTheirSessionsAndEndsAnother() throws Exception {
        CodeFlow other = new CodeFlow(hub.publicUrl());
        assertThat(other.follow(other.toCallback("alice", "alice-password")).body()).contains("Your server");
        assertThat(other.get(hub.publicUrl() + "/hub/api/user").body()).contains("\"name\":\"alice\"");

        alice.get(hub.publicUrl() + "/hub/sessions");
        alice.waiting(30).until(d -> d.findElements(By.cssSelector("#sessions tbody tr[data-id]")).size() == 2);
        alice.screenshot("sessions-page");
        assertThat(alice.driver.findElement(By.cssSelector("#sessions tr.row-current")).getText()).contains("This browser");
        alice.driver.findElement(By.cssSelector("#sessions tr:not(.row-current) button[data-action='end']")).click();
        alice.waiting(30).until(d -> d.findElements(By.cssSelector("#sessions tbody tr[data-id]")).size() == 1);
        assertThat(other.get(hub.publicUrl() + "/hub/api/user").statusCode()).as("the ended session no longer works").isEqualTo(403);
    }

    @Test
    @Order(4)
    void anInstructorInTheAdminGroupGetsAdmin() throws Exception {
        try (Browser ivan = new Browser(HubProcess.ROOT.resolve("hub/target/e2e/screenshots"))) {
            signIn(ivan, hub.publicUrl(), "ivan", "ivan-password", true);
            assertThat(ivan.driver.findElement(By.cssSelector("#courses li[data-course='CS101']")).getAttribute("data-role")).isEqualTo("instructor");
            ivan.driver.findElement(By.linkText("Admin")).click();
            ivan.waiting(30).until(ExpectedConditions.elementToBeClickable(By.id("groups-tab"))).click();
            ivan.waiting(30).until(d -> !d.findElements(By.cssSelector(".badge-managed")).isEmpty());
            ivan.screenshot("admin-page-managed-groups");
        }
        assertThat(user("ivan").getBoolean("admin")).isTrue();
        assertThat(user("ivan").getList("course_roles")).containsExactly(Map.of("course", "CS101", "role", "instructor"));
    }

    @Test
    @Order(5)
    void logoutEndsTheHubSessionTheServersCookieAndTheKeycloakSession() throws Exception {
        alice.get(hub.publicUrl() + "/user/alice/tree");
        alice.waiting(60).until(d -> d.getCurrentUrl().contains("/user/alice/tree"));
        int keycloakSessions = keycloak.sessions("callisto", "alice");
        assertThat(keycloakSessions).isPositive();

        alice.get(hub.publicUrl() + "/hub/logout");
        alice.waiting(30).until(d -> d.getCurrentUrl().startsWith(hub.publicUrl() + "/hub/login"));
        assertThat(keycloak.sessions("callisto", "alice")).as("RP-initiated logout ended this browser's Keycloak session")
                .isEqualTo(keycloakSessions - 1);

        // The server's cookie (an OAuth token of the ended session) is gone from the browser, and the token
        // is revoked: the server sends the browser back to the hub, which asks it to sign in. The server's
        // cached check (5 minutes by default) plays no part.
        alice.get(hub.publicUrl() + "/user/alice/tree");
        alice.waiting(30).until(d -> d.getCurrentUrl().contains("/hub/login"));
    }

    @Test
    @Order(6)
    void removingAGroupInKeycloakRemovesItInCallistoAtTheNextLogin() throws Exception {
        keycloak.removeFromGroup("university", "alice", "/courses/CS101/students");
        // The logout also ended the university's session (Keycloak's brokered logout): the password is asked again.
        signIn(alice, hub.publicUrl(), "alice", "alice-password", true);
        JsonPath model = user("alice");
        assertThat(model.getList("groups", String.class)).containsExactly("callisto-users");
        assertThat(model.getList("course_roles")).isEmpty();
        assertThat(alice.driver.findElements(By.id("courses"))).isEmpty();
        given().header("Authorization", "token " + hub.adminToken).get(hub.publicUrl() + "/hub/api/groups/courses:CS101:students")
                .then().statusCode(200).body("users", org.hamcrest.Matchers.empty());
    }

    @Test
    @Order(7)
    void anAdminSignsAUserOutEverywhere() throws Exception {
        int ended = given().header("Authorization", "token " + hub.adminToken).delete(hub.publicUrl() + "/hub/api/users/alice/sessions")
                .then().statusCode(200).extract().path("ended");
        assertThat(ended).isPositive();
        assertThat(given().header("Authorization", "token " + hub.adminToken).get(hub.publicUrl() + "/hub/api/users/alice/sessions")
                .then().statusCode(200).extract().jsonPath().getList("sessions")).isEmpty();
        alice.get(hub.publicUrl() + "/hub/home");
        alice.waiting(30).until(ExpectedConditions.urlContains("/hub/login"));
        assertThat(List.of(alice.driver.getCurrentUrl())).allMatch(u -> u.contains("/hub/login"));
    }
}
