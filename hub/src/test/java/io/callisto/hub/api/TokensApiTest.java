package io.callisto.hub.api;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class TokensApiTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void aTokenIsStoredHashedWithItsPrefixAndRecordsItsUse() {
        String owner = createUser("tk-amy");
        String secret = as(owner).contentType("application/json").body("{\"note\": \"laptop\"}")
                .post("/hub/api/users/tk-amy/tokens").then().statusCode(201)
                .body("note", equalTo("laptop")).body("expires_at", equalTo(null)).extract().path("token");
        ApiToken stored = QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>find("hash", Secrets.hash(secret)).firstResult());
        assertThat(stored.prefix).isEqualTo(secret.substring(0, 4));
        assertThat(stored.hash).doesNotContain(secret);
        as(secret).get("/hub/api/user").then().statusCode(200);
        ApiToken used = QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>findById(stored.id));
        assertThat(used.lastActivity).isNotNull();
        as(owner).get("/hub/api/users/tk-amy/tokens/a" + stored.id).then().statusCode(200)
                .body("note", equalTo("laptop")).body("last_activity", notNullValue());
    }

    @Test
    void anExpiringTokenStopsWorking() {
        String owner = createUser("tk-bo");
        String secret = as(owner).contentType("application/json").body("{\"expires_in\": 1}")
                .post("/hub/api/users/tk-bo/tokens").then().statusCode(201).body("expires_at", notNullValue()).extract().path("token");
        await().atMost(Duration.ofSeconds(5)).until(() -> given().header("Authorization", "token " + secret)
                .get("/hub/api/user").statusCode() == 403);
    }

    @Test
    void scopedTokensDoOnlyWhatTheyAreFor() {
        String owner = createUser("tk-cy");
        String readOnly = as(owner).contentType("application/json").body("{\"scopes\": [\"read:users!user=tk-cy\"]}")
                .post("/hub/api/users/tk-cy/tokens").then().statusCode(201).extract().path("token");
        as(readOnly).get("/hub/api/users/tk-cy").then().statusCode(200);
        as(readOnly).post("/hub/api/users/tk-cy/tokens").then().statusCode(403);
    }

    @Test
    void askingForScopesYouDoNotHoldOrThatDoNotExistFails() {
        String owner = createUser("tk-di");
        as(owner).contentType("application/json").body("{\"scopes\": [\"admin:users\"]}")
                .post("/hub/api/users/tk-di/tokens").then().statusCode(403).body("message", containsString("admin:users"));
        as(owner).contentType("application/json").body("{\"scopes\": [\"no-such-scope\"]}")
                .post("/hub/api/users/tk-di/tokens").then().statusCode(400).body("message", containsString("no-such-scope"));
        as(owner).contentType("application/json").body("{\"expires_in\": -5}")
                .post("/hub/api/users/tk-di/tokens").then().statusCode(400);
        as(owner).contentType("application/json").body("{\"expires_in\": \"soon\"}")
                .post("/hub/api/users/tk-di/tokens").then().statusCode(400).body("message", containsString("expires_in"));
    }

    @Test
    void revokedTokensAreGoneAndUnknownIdsAre404() {
        String owner = createUser("tk-ed");
        String id = as(owner).get("/hub/api/users/tk-ed/tokens").then().extract().path("api_tokens[0].id");
        asAdmin().delete("/hub/api/users/tk-ed/tokens/" + id).then().statusCode(204);
        as(owner).get("/hub/api/user").then().statusCode(403);
        asAdmin().delete("/hub/api/users/tk-ed/tokens/" + id).then().statusCode(404);
        asAdmin().delete("/hub/api/users/tk-ed/tokens/not-an-id").then().statusCode(404);
    }

    @Test
    void metricsAndOpenApiAreServed() {
        asAdmin().get("/hub/metrics").then().statusCode(200).body(containsString("jupyterhub_total_users"))
                .body(containsString("jupyterhub_running_servers"));
        given().get("/hub/api/openapi.json").then().statusCode(200).body(containsString("/hub/api/users"));
        given().header("X-Forwarded-For", "10.1.2.3").get("/q/metrics").then().statusCode(404);
    }

    @Test
    void aBodyOverTheLimitIs413WithAJsonMessageBeforeItIsSent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
            socket.getOutputStream().write(("POST /hub/api/users/tk-huge HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: token " + HubTestResource.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (11 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            String answer = readUntil(socket.getInputStream(), "}");
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"status\": 413").contains("too large");
        }
        asAdmin().get("/hub/api/users/tk-huge").then().statusCode(404);
    }

    /**
     * Bodies are read before the request reaches a worker (BodyLimitFilter); every way HTTP/1.1 can send
     * one still arrives as sent: none at all, an empty one, one in chunks, and chunks over the limit are a 413.
     */
    @Test
    void emptyAndChunkedBodiesAreReadAsSent() throws Exception {
        String owner = createUser("tk-fi");
        String path = "/hub/api/users/tk-fi/tokens";
        assertThat(exchange(post(path, owner, ""))).startsWith("HTTP/1.1 201");
        assertThat(exchange(post(path, owner, "Content-Length: 0\r\n"))).startsWith("HTTP/1.1 201");
        String note = "{\"note\": \"sent in chunks\"}";
        String chunked = exchange(post(path, owner, "Transfer-Encoding: chunked\r\n")
                + chunk(note.substring(0, 9)) + chunk(note.substring(9)) + "0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 201").contains("sent in chunks");

        String megabyte = "x".repeat(1024 * 1024);
        StringBuilder huge = new StringBuilder(post(path, owner, "Transfer-Encoding: chunked\r\n"));
        for (int i = 0; i < 11; i++) {
            huge.append(chunk(megabyte));
        }
        assertThat(exchange(huge.append("0\r\n\r\n").toString())).startsWith("HTTP/1.1 413");
        as(owner).get(path).then().statusCode(200).body("api_tokens.note", hasItem("sent in chunks"));
    }

    /** Over HTTP/2 (a client that upgrades, as Java's does by default) bodies arrive as well. */
    @Test
    void bodiesArriveOverHttp2() throws Exception {
        String owner = createUser("tk-gu");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (String note : List.of("upgrading", "upgraded")) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(url.toURI().resolve("/hub/api/users/tk-gu/tokens"))
                    .header("Authorization", "token " + owner).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"note\": \"" + note + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains(note);
        }
    }

    private static String post(String path, String token, String headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: token " + token
                + "\r\nContent-Type: application/json\r\nConnection: close\r\n" + headers + "\r\n";
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    /** Sends a raw HTTP/1.1 request and reads the answer until the server closes the connection. */
    private String exchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads what the server sends until {@code end} appears (the server may keep the connection open). */
    private static String readUntil(java.io.InputStream in, String end) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        int n;
        while (!text.toString().contains(end) && (n = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
