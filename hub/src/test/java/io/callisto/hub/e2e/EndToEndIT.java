package io.callisto.hub.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The whole product as a person uses it: the packaged hub started as {@code ./callisto up} starts it,
 * embedded PostgreSQL, the real proxy, real {@code jupyterhub-singleuser} servers and a real browser.
 * Every browser request goes through the proxy's public port. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static HubProcess hub;
    private static Browser admin;

    @BeforeAll
    static void startHub() throws Exception {
        hub = new HubProcess();
        hub.start();
        admin = new Browser(HubProcess.ROOT.resolve("hub/target/e2e/screenshots"));
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private static void logIn(Browser browser, String user, String password) throws Exception {
        browser.get(hub.publicUrl() + "/");
        browser.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("username_input")));
        assertThat(browser.driver.getCurrentUrl()).contains("/hub/login");
        browser.screenshot("login-" + user);
        browser.driver.findElement(By.id("username_input")).sendKeys(user);
        browser.driver.findElement(By.id("password_input")).sendKeys(password);
        browser.driver.findElement(By.id("login-submit")).click();
        browser.waiting(30).until(ExpectedConditions.urlContains("/hub/home"));
    }

    private static Object js(Browser browser, String script) {
        return ((JavascriptExecutor) browser.driver).executeScript(script);
    }

    /** Runs {@code code} in the open notebook's first cell and returns the text of its output. */
    private static String runCell(Browser browser, String code) {
        browser.waiting(60).until(d -> Boolean.TRUE.equals(js(browser,
                "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());")));
        js(browser, "var c = Jupyter.notebook.get_cell(0); c.clear_output(); c.set_text(" + quote(code) + "); Jupyter.notebook.execute_cell_range(0, 1);");
        browser.waiting(60).until(d -> !d.findElements(By.cssSelector(".cell .output_subarea")).isEmpty()
                && !d.findElement(By.cssSelector(".cell .output_subarea")).getText().isBlank());
        return browser.driver.findElement(By.cssSelector(".cell .output_subarea")).getText().strip();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String serverField(String field) {
        return given().header("Authorization", "token " + hub.adminToken)
                .get(hub.publicUrl() + "/hub/api/users/admin").then().statusCode(200).extract().path(field);
    }

    @Test
    @Order(1)
    void theAdminLogsInStartsAServerWatchesProgressAndRunsACell() throws Exception {
        Path home = Files.createDirectories(hub.state.resolve("home/admin"));
        Files.writeString(home.resolve("e2e.ipynb"), """
                {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ""}],
                 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        logIn(admin, "admin", hub.adminPassword);
        admin.screenshot("home-stopped");
        js(admin, """
                sessionStorage.setItem('progress', '[]');
                new MutationObserver(function () {
                  var seen = JSON.parse(sessionStorage.getItem('progress'));
                  seen.push(Number(document.getElementById('progress-bar').getAttribute('aria-valuenow')));
                  sessionStorage.setItem('progress', JSON.stringify(seen));
                }).observe(document.getElementById('progress-bar'), {attributes: true, attributeFilter: ['aria-valuenow']});
                """);
        admin.driver.findElement(By.id("start")).click();
        admin.waiting(90).until(ExpectedConditions.urlContains("/user/admin/"));
        @SuppressWarnings("unchecked")
        List<Number> progress = (List<Number>) js(admin, "return JSON.parse(sessionStorage.getItem('progress'));");
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).intValue()).isEqualTo(100);
        assertThat(progress).extracting(Number::intValue).isSorted();
        assertThat(admin.driver.getCurrentUrl()).startsWith(hub.publicUrl() + "/user/admin/");

        admin.get(hub.publicUrl() + "/user/admin/notebooks/e2e.ipynb");
        assertThat(runCell(admin, "1+1")).isEqualTo("2");
        admin.screenshot("notebook-1-plus-1");
    }

    @Test
    @Order(2)
    void anotherUserIsForbiddenOnTheFirstUsersServer() throws Exception {
        given().header("Authorization", "token " + hub.adminToken).contentType("application/json")
                .body("{\"password\": \"bob-password\"}").post(hub.publicUrl() + "/hub/api/users/bob").then().statusCode(201);
        try (Browser bob = new Browser(HubProcess.ROOT.resolve("hub/target/e2e/screenshots"))) {
            logIn(bob, "bob", "bob-password");
            bob.get(hub.publicUrl() + "/user/admin/tree");
            bob.waiting(30).until(d -> d.getPageSource().contains("403"));
            bob.screenshot("bob-forbidden");
            assertThat(bob.driver.getCurrentUrl()).contains("/user/admin/");
            assertThat(bob.driver.getPageSource()).doesNotContain("e2e.ipynb");
        }
    }

    @Test
    @Order(3)
    void aHubRestartKeepsTheServerAndItsRouteAndTheUserCarriesOn() throws Exception {
        String pidBefore = serverField("servers[''].state.pid");
        hub.kill();
        admin.get(hub.publicUrl() + "/user/admin/notebooks/e2e.ipynb");
        assertThat(runCell(admin, "6*7")).isEqualTo("42");
        hub.start();
        assertThat(hub.log()).contains("Adopted 1 running server(s)");
        assertThat(serverField("servers[''].state.pid")).isEqualTo(pidBefore);
        admin.get(hub.publicUrl() + "/user/admin/notebooks/e2e.ipynb");
        assertThat(runCell(admin, "2+3")).isEqualTo("5");
    }

    @Test
    @Order(4)
    void aServerKilledBehindTheHubsBackIsShownStopped() throws Exception {
        long pid = Long.parseLong(serverField("servers[''].state.pid"));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "token " + hub.adminToken)
                .get(hub.publicUrl() + "/hub/api/users/admin").then().extract().path("server") == null);
        admin.get(hub.publicUrl() + "/hub/home");
        admin.waiting(30).until(d -> d.getPageSource().contains("stopped unexpectedly"));
        admin.screenshot("home-after-server-killed");
        assertThat(admin.driver.findElement(By.id("start")).isDisplayed()).isTrue();
    }

    @Test
    @Order(5)
    void aCleanShutdownAfterARestartStopsTheAdoptedProxyToo() throws Exception {
        hub.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", hub.publicPort)) {
                return false;
            } catch (java.io.IOException refused) {
                return true;
            }
        });
    }
}
