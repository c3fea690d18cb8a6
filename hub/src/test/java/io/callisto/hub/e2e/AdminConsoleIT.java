package io.callisto.hub.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console ({@code /hub/admin}) in a real browser against the packaged hub: an admin creates,
 * finds, pages through, edits and deletes users, starts and stops a server, and manages a group. Every
 * effect is checked through the REST API, and screenshots ({@code target/e2e/screenshots/admin-*.png})
 * are kept for people to look at. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIT {

    private static final Path SCREENSHOTS = HubProcess.ROOT.resolve("hub/target/e2e/screenshots");

    private static HubProcess hub;
    private static Browser admin;

    @BeforeAll
    static void startHubAndLogIn() throws Exception {
        hub = new HubProcess();
        hub.start();
        admin = new Browser(SCREENSHOTS);
        logIn(admin, "admin", hub.adminPassword);
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

    @Test
    @Order(1)
    void theAdminCreatesThreeUsersAtOnce() throws Exception {
        openConsole();
        WebElement names = admin.driver.findElement(By.id("new-user-names"));
        names.sendKeys("Carol\ndave\nerin");
        assertThat(admin.driver.findElement(By.id("new-user-password")).isEnabled()).isFalse();
        assertThat(admin.driver.findElement(By.id("create-users")).getText()).isEqualTo("Create 3 users");
        admin.driver.findElement(By.id("create-users")).click();
        awaitNotice("Created 3 users: carol, dave, erin.");
        awaitRows("admin", "carol", "dave", "erin");
        for (String name : List.of("carol", "dave", "erin")) {
            api().get("/hub/api/users/" + name).then().statusCode(200).body("admin", is(false));
        }
        assertThat(row("carol").findElement(By.cssSelector("[data-label='Last activity']")).getText()).isEqualTo("Never");
        fullPage(admin, "admin-users-created");
    }

    @Test
    @Order(2)
    void searchingByNameShowsOnlyTheMatches() throws Exception {
        search("DAV");
        awaitRows("dave");
        assertThat(text("users-range")).isEqualTo("1 of 1 user");
        fullPage(admin, "admin-search");
        search("nobody-like-this");
        waiting(10).until(d -> text("users-table").contains("No users match \u201cnobody-like-this\u201d."));
        search("");
        awaitRows("admin", "carol", "dave", "erin");
    }

    @Test
    @Order(3)
    void sixtyMoreUsersArePagedFiftyAtATimeAndSorted() throws Exception {
        List<String> students = IntStream.rangeClosed(1, 60).mapToObj(i -> String.format("student%02d", i)).toList();
        api().body(Map.of("usernames", students)).post("/hub/api/users").then().statusCode(201)
                .body("size()", is(60));
        openConsole();
        waiting(10).until(d -> text("users-range").equals("1\u201350 of 64 users"));
        assertThat(rowNames()).hasSize(50).startsWith("admin", "carol", "dave", "erin", "student01");
        assertThat(admin.driver.findElement(By.id("users-prev")).isEnabled()).isFalse();

        admin.driver.findElement(By.id("users-next")).click();
        waiting(10).until(d -> text("users-range").equals("51\u201364 of 64 users"));
        assertThat(rowNames()).hasSize(14).startsWith("student47").endsWith("student60");
        assertThat(admin.driver.findElement(By.id("users-next")).isEnabled()).isFalse();
        fullPage(admin, "admin-users-page-2");

        admin.driver.findElement(By.id("users-prev")).click();
        waiting(10).until(d -> text("users-range").equals("1\u201350 of 64 users"));

        new Select(admin.driver.findElement(By.id("user-sort"))).selectByValue("-name");
        waiting(10).until(d -> !rowNames().isEmpty() && rowNames().get(0).equals("student60"));
        admin.driver.findElement(By.cssSelector("#users-table th[data-sort-key='name'] button")).click();
        waiting(10).until(d -> !rowNames().isEmpty() && rowNames().get(0).equals("admin"));
        assertThat(admin.driver.findElement(By.cssSelector("#users-table th[data-sort-key='name']")).getAttribute("aria-sort"))
                .isEqualTo("ascending");
    }

    @Test
    @Order(4)
    void theAdminMakesCarolAnAdmin() throws Exception {
        WebElement dialog = openEditDialog("carol");
        assertThat(dialog.findElement(By.id("edit-user-title")).getText()).isEqualTo("Edit carol");
        dialog.findElement(By.id("edit-user-admin")).click();
        admin.screenshot("admin-edit-dialog");
        dialog.findElement(By.id("edit-user-save")).click();
        awaitNotice("Saved changes to carol: now an administrator.");
        api().get("/hub/api/users/carol").then().statusCode(200).body("admin", is(true));
        waiting(10).until(d -> !row("carol").findElements(By.cssSelector(".badge-admin")).isEmpty());
    }

    @Test
    @Order(5)
    void aResetPasswordMustBeLongEnoughAndThenLetsTheUserIn() throws Exception {
        WebElement dialog = openEditDialog("dave");
        WebElement password = dialog.findElement(By.id("edit-user-password"));
        password.sendKeys("short");
        dialog.findElement(By.id("edit-user-save")).click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("edit-user-error"), "Password must be at least 8 characters"));
        admin.screenshot("admin-password-too-short");
        password.sendKeys(Keys.chord(Keys.CONTROL, "a"), "dave-new-password");
        dialog.findElement(By.id("edit-user-save")).click();
        awaitNotice("Saved changes to dave: password changed.");
        assertThat(dialog.isDisplayed()).isFalse();

        try (Browser dave = new Browser(SCREENSHOTS)) {
            logIn(dave, "dave", "dave-new-password");
            dave.screenshot("admin-dave-logged-in");
            dave.get(hub.publicUrl() + "/hub/admin");
            dave.waiting(10).until(d -> d.getPageSource().contains("The admin page is for admins"));
        }
    }

    @Test
    @Order(6)
    void theAdminCreatesAGroupAddsTwoMembersAndSetsItsProperties() throws Exception {
        admin.driver.findElement(By.id("groups-tab")).click();
        waiting(10).until(d -> text("groups-table").contains("No groups yet"));
        assertThat(admin.driver.getCurrentUrl()).endsWith("/hub/admin#groups");
        admin.driver.findElement(By.id("new-group-name")).sendKeys("physics");
        admin.driver.findElement(By.id("create-group")).click();
        awaitNotice("Created the group physics.");
        api().get("/hub/api/groups/physics").then().statusCode(200).body("users", empty());

        clickInRow("groups-table", "physics", "add-members");
        WebElement members = waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("group-members-dialog")));
        members.findElement(By.id("group-members-names")).sendKeys("carol\nerin");
        members.findElement(By.id("group-members-save")).click();
        awaitNotice("Added carol, erin to physics.");
        api().get("/hub/api/groups/physics").then().statusCode(200).body("users", contains("carol", "erin"));
        waiting(10).until(d -> groupRow("physics").findElements(By.cssSelector(".chip")).size() == 2);

        clickInRow("groups-table", "physics", "edit-properties");
        WebElement properties = waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("group-properties-dialog")));
        WebElement json = properties.findElement(By.id("group-properties-json"));
        json.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{\"course\": ");
        properties.findElement(By.id("group-properties-save")).click();
        assertThat(text("group-properties-error")).startsWith("Not valid JSON");
        admin.screenshot("admin-group-properties-invalid");
        json.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{\"course\": \"phys101\"}");
        assertThat(text("group-properties-status")).isEqualTo("Valid JSON object.");
        properties.findElement(By.id("group-properties-save")).click();
        awaitNotice("Saved the properties of physics.");
        api().get("/hub/api/groups/physics").then().statusCode(200).body("properties.course", is("phys101"));
        fullPage(admin, "admin-groups");

        admin.driver.findElement(By.id("users-tab")).click();
        search("carol");
        awaitRows("carol");
        assertThat(row("carol").findElement(By.cssSelector("[data-label='Groups']")).getText()).contains("physics");
    }

    @Test
    @Order(7)
    void theAdminStartsAndStopsAUsersServer() throws Exception {
        search("erin");
        awaitRows("erin");
        clickInRow("users-table", "erin", "start-server");
        waiting(120).until(d -> "running".equals(row("erin").getAttribute("data-status")));
        api().get("/hub/api/users/erin").then().statusCode(200).body("servers[''].ready", is(true));
        assertThat(row("erin").findElement(By.cssSelector("a.link-open")).getAttribute("href")).endsWith("/user/erin/");
        fullPage(admin, "admin-server-running");

        clickInRow("users-table", "erin", "stop-server");
        waiting(60).until(d -> "stopped".equals(row("erin").getAttribute("data-status")));
        api().get("/hub/api/users/erin").then().statusCode(200).body("server", nullValue());
    }

    @Test
    @Order(8)
    void theAdminDeletesAUserAfterConfirming() throws Exception {
        clickInRow("users-table", "erin", "delete");
        waiting(10).until(ExpectedConditions.alertIsPresent()).accept();
        awaitNotice("Deleted erin.");
        waiting(10).until(d -> text("users-table").contains("No users match \u201cerin\u201d."));
        api().get("/hub/api/users/erin").then().statusCode(404);
        api().get("/hub/api/groups/physics").then().statusCode(200).body("users", contains("carol"));
        assertThat(admin.driver.findElements(By.cssSelector("#users-table [data-key='admin'] [data-action='delete']"))).isEmpty();
    }

    @Test
    @Order(9)
    void theConsoleFitsANarrowScreen() throws Exception {
        admin.driver.manage().window().setSize(new Dimension(360, 800));
        try {
            openConsole();
            waiting(10).until(d -> text("users-range").equals("1\u201350 of 63 users"));
            assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth;")).isTrue();
            fullPage(admin, "admin-narrow-users");
            clickInRow("users-table", "carol", "edit");
            waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-user-dialog")));
            admin.screenshot("admin-narrow-edit-dialog");
            admin.driver.findElement(By.cssSelector("#edit-user-dialog [data-close]")).click();
            admin.driver.findElement(By.id("groups-tab")).click();
            waiting(10).until(d -> !admin.driver.findElements(By.cssSelector("#groups-table tr[data-key='physics']")).isEmpty());
            assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth;")).isTrue();
            fullPage(admin, "admin-narrow-groups");
        } finally {
            admin.driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /* ---- helpers ---- */

    private static void logIn(Browser browser, String user, String password) {
        browser.get(hub.publicUrl() + "/hub/login");
        browser.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("username_input"))).sendKeys(user);
        browser.driver.findElement(By.id("password_input")).sendKeys(password);
        browser.driver.findElement(By.id("login-submit")).click();
        browser.waiting(30).until(ExpectedConditions.urlContains("/hub/home"));
    }

    private static RequestSpecification api() {
        return given().baseUri(hub.publicUrl()).header("Authorization", "token " + hub.adminToken).contentType("application/json");
    }

    private static void openConsole() {
        admin.get(hub.publicUrl() + "/hub/admin");
        waiting(30).until(d -> "false".equals(d.findElement(By.id("users-table")).getAttribute("aria-busy")));
    }

    /** Types into the search box as a person would (select all, then type); an empty text clears it. */
    private static void search(String text) {
        WebElement box = admin.driver.findElement(By.id("user-search"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            box.sendKeys(text);
        }
    }

    private static void awaitRows(String... names) {
        waiting(10).until(d -> rowNames().equals(List.of(names)));
    }

    private static void awaitNotice(String message) {
        waiting(30).until(ExpectedConditions.textToBe(By.id("admin-notice"), message));
    }

    /** The keys of the users table's rows, read at one instant (the table is redrawn as answers come in). */
    @SuppressWarnings("unchecked")
    private static List<String> rowNames() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#users-table tbody tr[data-key]'), r => r.dataset.key);");
    }

    /** A wait that looks again when the table was redrawn under it. */
    private static FluentWait<WebDriver> waiting(int seconds) {
        return admin.waiting(seconds).ignoring(StaleElementReferenceException.class);
    }

    private static WebElement row(String name) {
        return admin.driver.findElement(By.cssSelector("#users-table tbody tr[data-key='" + name + "']"));
    }

    /** Finds the user by searching, then opens their Edit dialog. */
    private static WebElement openEditDialog(String name) {
        search(name);
        awaitRows(name);
        clickInRow("users-table", name, "edit");
        return waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-user-dialog")));
    }

    /** Clicks a row's button, again if the table was redrawn between finding and clicking it. */
    private static void clickInRow(String table, String key, String action) {
        waiting(10).until(d -> {
            d.findElement(By.cssSelector("#" + table + " tbody tr[data-key='" + key + "'] [data-action='" + action + "']")).click();
            return true;
        });
    }

    private static WebElement groupRow(String name) {
        return admin.driver.findElement(By.cssSelector("#groups-table tbody tr[data-key='" + name + "']"));
    }

    private static String text(String id) {
        return admin.driver.findElement(By.id(id)).getText();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) admin.driver).executeScript(script);
    }

    /** A screenshot of the whole page, not only the window (Chromium's DevTools protocol). */
    private static void fullPage(Browser browser, String name) throws Exception {
        // the window's width: a capture beyond the viewport lays the page out without a scroll bar
        Number width = (Number) ((JavascriptExecutor) browser.driver).executeScript("return window.innerWidth;");
        Number height = (Number) ((JavascriptExecutor) browser.driver).executeScript("return document.documentElement.scrollHeight;");
        Map<String, Object> shot = browser.driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(Files.createDirectories(SCREENSHOTS).resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }
}
