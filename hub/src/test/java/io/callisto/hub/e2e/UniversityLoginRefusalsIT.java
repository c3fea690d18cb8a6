package io.callisto.hub.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What the university login refuses, against the real Keycloak: a tampered {@code state}, a code used twice
 * or after it expired, an ID token with the wrong issuer or audience, someone outside
 * {@code allowed-groups} (each a 403 page, nothing created), and a provider that cannot be reached (a 503
 * page, while the local admin still signs in). The hubs here are the packaged hub run as processes.
 */
class UniversityLoginRefusalsIT {

    private static KeycloakServer keycloak;
    private static HubProcess hub;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        hub = started(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    private static HubProcess started(Map<String, String> changed) throws Exception {
        Map<String, String> config = new HashMap<>(keycloak.hubConfig());
        config.putAll(changed);
        HubProcess started = new HubProcess(config);
        keycloak.allowHub(started.publicUrl());
        started.start();
        return started;
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String text) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(answer.body()).contains(text).doesNotContain("Exception");
    }

    private static void assertNoUser(HubProcess on, String name) {
        given().header("Authorization", "token " + on.adminToken).get(on.publicUrl() + "/hub/api/users/" + name).then().statusCode(404);
    }

    @Test
    void aTamperedStateIsRefusedAndCreatesNothing() throws Exception {
        CodeFlow flow = new CodeFlow(hub.publicUrl());
        String callback = flow.toCallback("bob", "bob-password");
        String tampered = callback.replaceAll("state=([^&]+)", "state=$1x");
        assertRefused(flow.follow(tampered), 403, "could not be completed");
        assertNoUser(hub, "bob");
        assertThat(flow.cookiesNamed("callisto-session")).isEmpty();
    }

    @Test
    void aReplayedCodeIsRefused() throws Exception {
        CodeFlow flow = new CodeFlow(hub.publicUrl());
        String callback = flow.toCallback("carol", "carol-password");
        List<HttpCookie> state = flow.cookiesNamed("q_auth");
        assertThat(state).isNotEmpty();
        assertThat(flow.follow(callback).body()).as("the first use signs in").contains("Your server");
        // An attacker who saw the redirect and the state cookie tries the code again.
        CodeFlow attacker = new CodeFlow(hub.publicUrl());
        state.forEach(c -> attacker.cookies.getCookieStore().add(URI.create(hub.publicUrl()), c));
        assertRefused(attacker.follow(callback), 403, "could not be completed");
        assertThat(attacker.cookiesNamed("callisto-session")).isEmpty();
        assertThat(given().header("Authorization", "token " + hub.adminToken).get(hub.publicUrl() + "/hub/api/users/carol/sessions")
                .then().statusCode(200).extract().jsonPath().getList("sessions")).hasSize(1);
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        keycloak.codeLifespan(1);
        try {
            CodeFlow flow = new CodeFlow(hub.publicUrl());
            String callback = flow.toCallback("dave", "dave-password");
            Thread.sleep(2500); // the code's lifetime (1 s) passing is the condition under test
            assertRefused(flow.follow(callback), 403, "could not be completed");
            assertNoUser(hub, "dave");
        } finally {
            keycloak.codeLifespan(60);
        }
    }

    @Test
    void someoneOutsideTheAllowedGroupsGetsAReadable403() throws Exception {
        try (Browser mallory = new Browser(HubProcess.ROOT.resolve("hub/target/e2e/screenshots"))) {
            mallory.get(hub.publicUrl() + "/hub/login");
            mallory.waiting(30).until(ExpectedConditions.elementToBeClickable(By.id("oidc-login"))).click();
            mallory.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("mallory");
            mallory.driver.findElement(By.id("password")).sendKeys("mallory-password");
            mallory.driver.findElement(By.id("kc-login")).click();
            mallory.waiting(60).until(d -> d.getPageSource().contains("not in a group that may use this service"));
            mallory.screenshot("oidc-403-not-allowed");
            assertThat(mallory.driver.findElement(By.cssSelector(".error-status")).getText()).isEqualTo("403");
        }
        assertNoUser(hub, "mallory");
    }

    @Test
    void anIdTokenWithTheWrongIssuerOrAudienceIsRefused() throws Exception {
        for (Map<String, String> wrong : List.of(Map.of("callisto.oidc.token-issuer", "http://login.wrong.example/realms/callisto"),
                Map.of("callisto.oidc.audience", "some-other-client"))) {
            try (HubProcess strict = started(wrong)) {
                CodeFlow flow = new CodeFlow(strict.publicUrl());
                assertRefused(flow.follow(flow.toCallback("bob", "bob-password")), 403, "could not be completed");
                assertNoUser(strict, "bob");
                assertThat(strict.log()).as("the reason is logged for the operator").contains("University login failed (rejected)");
            }
        }
    }

    @Test
    void anUnreachableProviderIsA503WhileTheLocalAdminStillSignsIn() throws Exception {
        int closed = io.callisto.hub.testing.HubTestResource.freePort();
        try (HubProcess cut = started(Map.of("callisto.oidc.issuer", "http://127.0.0.1:" + closed + "/realms/callisto"));
             Browser admin = new Browser(HubProcess.ROOT.resolve("hub/target/e2e/screenshots"))) {
            admin.get(cut.publicUrl() + "/hub/login");
            admin.waiting(30).until(ExpectedConditions.elementToBeClickable(By.id("oidc-login"))).click();
            admin.waiting(30).until(d -> d.getPageSource().contains("cannot be reached right now"));
            admin.screenshot("oidc-503-unreachable");
            assertThat(admin.driver.findElement(By.cssSelector(".error-status")).getText()).isEqualTo("503");
            assertRefused(new CodeFlow(cut.publicUrl()).get(cut.publicUrl() + "/hub/oidc/start"), 503, "cannot be reached");

            admin.get(cut.publicUrl() + "/hub/login");
            admin.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("username_input"))).sendKeys("admin");
            admin.driver.findElement(By.id("password_input")).sendKeys(cut.adminPassword);
            admin.driver.findElement(By.id("login-submit")).click();
            admin.waiting(30).until(ExpectedConditions.urlContains("/hub/home"));
        }
    }
}
