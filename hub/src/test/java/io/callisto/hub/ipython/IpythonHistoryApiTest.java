package io.callisto.hub.ipython;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.callisto.hub.auth.Scopes;
import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.TokenService;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class IpythonHistoryApiTest {

    @Inject
    TokenService tokens;

    static Map<String, Object> input(int line, String source) {
        return Map.of("line", line, "source", source, "source_raw", source);
    }

    static JsonPath append(String token, String user, Map<String, Object> body) {
        return as(token).contentType("application/json").body(body).post("/hub/api/users/" + user + "/ipython/history")
                .then().statusCode(200).extract().jsonPath();
    }

    private static long rows(String table, String user) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) IpythonSession.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM " + table + " t JOIN ipython_sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id WHERE u.name = ?1")
                .setParameter(1, user).getSingleResult()).longValue());
    }

    /** A token with exactly the scopes of a server's own token, as a spawn issues it. */
    private String serverToken(String user) {
        return QuarkusTransaction.requiringNew().call(() -> tokens.issue(User.byName(user).orElseThrow(), ApiToken.Kind.server,
                Scopes.serverRole(user, ""), "test server token", null).secret());
    }

    @Test
    void appendsNumberSessionsPerUserAndRetriesAddNothing() {
        String ann = createUser("ipy-ann");
        Map<String, Object> batch = Map.of("session", "k-ann-1", "start", "2026-01-31T12:00:00Z", "server", "lab",
                "inputs", List.of(input(1, "a = 1"), input(2, "a + 1")),
                "outputs", List.of(Map.of("line", 2, "text", "2")));
        JsonPath first = append(ann, "ipy-ann", batch);
        assertThat(first.getInt("session")).isEqualTo(1);
        assertThat(first.getInt("inputs")).isEqualTo(2);
        assertThat(first.getInt("outputs")).isEqualTo(1);
        JsonPath again = append(ann, "ipy-ann", batch);
        assertThat(again.getInt("session")).isEqualTo(1);
        assertThat(again.getInt("inputs")).isZero();
        assertThat(again.getInt("outputs")).isZero();
        assertThat(rows("ipython_inputs", "ipy-ann")).isEqualTo(2);
        assertThat(rows("ipython_outputs", "ipy-ann")).isEqualTo(1);

        assertThat(append(ann, "ipy-ann", Map.of("session", "k-ann-2")).getInt("session")).isEqualTo(2);
        as(ann).get("/hub/api/users/ipy-ann/ipython/sessions").then().statusCode(200)
                .body("", hasSize(2)).body("[0].session", equalTo(2)).body("[1].session", equalTo(1))
                .body("[1].server", equalTo("lab")).body("[1].inputs", equalTo(2)).body("[1].start", equalTo("2026-01-31T12:00:00Z"));
        as(ann).get("/hub/api/users/ipy-ann/ipython").then().statusCode(200)
                .body("sessions", equalTo(2)).body("last_session", equalTo(2)).body("history_bytes", equalTo(11))
                .body("limits.max_cell_size", equalTo(1024 * 1024));
    }

    @Test
    void rangesTailsAndSearchesFollowIpythonsRules() {
        String ben = createUser("ipy-ben");
        append(ben, "ipy-ben", Map.of("session", "b1", "inputs", List.of(input(1, "x = 1"), input(2, "print(x)"),
                Map.of("line", 3, "source", "get_ipython().run_line_magic('time', 'x')", "source_raw", "%time x")),
                "outputs", List.of(Map.of("line", 1, "text", "one"))));
        append(ben, "ipy-ben", Map.of("session", "b2", "inputs", List.of(input(1, "x = 1"), input(2, "y = 2"))));

        as(ben).queryParam("start", 2).get("/hub/api/users/ipy-ben/ipython/sessions/1/history").then().statusCode(200)
                .body("history.line", equalTo(List.of(2, 3))).body("history[1].source_raw", equalTo("%time x"))
                .body("history[0].output", nullValue()).body("truncated", equalTo(false));
        as(ben).queryParam("output", "true").queryParam("stop", 2).get("/hub/api/users/ipy-ben/ipython/sessions/1/history")
                .then().body("history[0].output", equalTo("one"));
        as(ben).get("/hub/api/users/ipy-ben/ipython/sessions/9/history").then().statusCode(404)
                .body("message", containsString("no IPython session 9"));

        as(ben).queryParam("n", 3).get("/hub/api/users/ipy-ben/ipython/history/tail").then().statusCode(200)
                .body("history.session", equalTo(List.of(1, 2, 2))).body("history.line", equalTo(List.of(3, 1, 2)));
        as(ben).queryParam("n", 2).queryParam("exclude_key", "b2").get("/hub/api/users/ipy-ben/ipython/history/tail")
                .then().body("history.source", equalTo(List.of("print(x)", "get_ipython().run_line_magic('time', 'x')")));

        as(ben).queryParam("pattern", "x = *").get("/hub/api/users/ipy-ben/ipython/history/search").then().statusCode(200)
                .body("history.session", equalTo(List.of(1, 2)));
        as(ben).queryParam("pattern", "x = *").queryParam("unique", "true").get("/hub/api/users/ipy-ben/ipython/history/search")
                .then().body("history.session", equalTo(List.of(2))).body("history.line", equalTo(List.of(1)));
        as(ben).queryParam("pattern", "*").queryParam("n", 2).get("/hub/api/users/ipy-ben/ipython/history/search")
                .then().body("history.source", equalTo(List.of("x = 1", "y = 2")));
        as(ben).queryParam("pattern", "%time*").get("/hub/api/users/ipy-ben/ipython/history/search").then().body("history", hasSize(1));
        as(ben).queryParam("pattern", "%time*").queryParam("search_raw", "false").get("/hub/api/users/ipy-ben/ipython/history/search")
                .then().body("history", hasSize(0));
        as(ben).queryParam("pattern", "X*").get("/hub/api/users/ipy-ben/ipython/history/search").then().body("history", hasSize(0));
        as(ben).queryParam("pattern", "[xy] = [0-9]").queryParam("exclude_key", "b1").get("/hub/api/users/ipy-ben/ipython/history/search")
                .then().body("history.source", equalTo(List.of("x = 1", "y = 2")));
    }

    @Test
    void badRequestsAre400AndStoreNothing() {
        String cid = createUser("ipy-cid");
        String url = "/hub/api/users/ipy-cid/ipython/history";
        as(cid).contentType("application/json").body("{not json").post(url).then().statusCode(400).body("message", containsString("Malformed"));
        as(cid).post(url).then().statusCode(400).body("message", containsString("JSON"));
        as(cid).contentType("application/json").body(Map.of("inputs", List.of())).post(url).then().statusCode(400)
                .body("message", containsString("'session'"));
        as(cid).contentType("application/json").body(Map.of("session", "no spaces")).post(url).then().statusCode(400);
        as(cid).contentType("application/json").body(Map.of("session", "c1", "colour", "red")).post(url).then().statusCode(400)
                .body("message", containsString("colour"));
        as(cid).contentType("application/json").body(Map.of("session", "c1", "inputs", List.of(Map.of("source", "x")))).post(url)
                .then().statusCode(400).body("message", containsString("'line'"));
        as(cid).contentType("application/json").body(Map.of("session", "c1", "inputs", List.of(Map.of("line", 1)))).post(url)
                .then().statusCode(400).body("message", containsString("'source'"));
        as(cid).contentType("application/json").body(Map.of("session", "c1", "start", "yesterday")).post(url)
                .then().statusCode(400).body("message", containsString("ISO 8601"));
        as(cid).contentType("application/json").body(Map.of("session", "c1", "inputs", "x")).post(url).then().statusCode(400)
                .body("message", containsString("inputs"));
        as(cid).queryParam("n", "many").get(url + "/tail").then().statusCode(400).body("message", containsString("'n'"));
        as(cid).queryParam("output", "maybe").get(url + "/tail").then().statusCode(400);
        as(cid).queryParam("pattern", "[z-a]").get(url + "/search").then().statusCode(400).body("message", containsString("z-a"));
        as(cid).get("/hub/api/users/ipy-cid/ipython/sessions/first").then().statusCode(400);
        assertThat(QuarkusTransaction.requiringNew().call(() -> IpythonSession.count("key", "c1"))).isZero();
    }

    @Test
    void endRemarkAndDeletionAreRecorded() {
        String dee = createUser("ipy-dee");
        append(dee, "ipy-dee", Map.of("session", "d1", "inputs", List.of(input(1, "1 + 1"))));
        append(dee, "ipy-dee", Map.of("session", "d1", "end", "2026-02-01T10:00:00Z", "num_cmds", 1, "remark", "practice"));
        as(dee).get("/hub/api/users/ipy-dee/ipython/sessions/1").then().statusCode(200)
                .body("end", equalTo("2026-02-01T10:00:00Z")).body("num_cmds", equalTo(1)).body("remark", equalTo("practice"))
                .body("inputs", equalTo(1)).body("bytes", equalTo(5));
        append(dee, "ipy-dee", Map.of("session", "d2", "inputs", List.of(input(1, "2 + 2"))));

        as(dee).delete("/hub/api/users/ipy-dee/ipython/sessions/1").then().statusCode(204);
        as(dee).get("/hub/api/users/ipy-dee/ipython/sessions/1").then().statusCode(404);
        as(dee).delete("/hub/api/users/ipy-dee/ipython/sessions/1").then().statusCode(404);
        assertThat(rows("ipython_inputs", "ipy-dee")).isEqualTo(1);
        as(dee).get("/hub/api/users/ipy-dee/ipython").then().body("history_bytes", equalTo(5)).body("sessions", equalTo(1));

        as(dee).delete("/hub/api/users/ipy-dee/ipython/history").then().statusCode(204);
        assertThat(rows("ipython_inputs", "ipy-dee")).isZero();
        assertThat(append(dee, "ipy-dee", Map.of("session", "d3")).getInt("session")).as("numbers are not reused").isEqualTo(3);
    }

    @Test
    void aServerTokenReachesOnlyItsOwnUserAndAdminsReachEveryone() {
        String eve = createUser("ipy-eve");
        String fay = createUser("ipy-fay");
        String eveServer = serverToken("ipy-eve");
        append(eveServer, "ipy-eve", Map.of("session", "e1", "inputs", List.of(input(1, "secret = 42"))));
        append(fay, "ipy-fay", Map.of("session", "f1", "inputs", List.of(input(1, "mine = 1"))));

        as(eveServer).queryParam("pattern", "*").get("/hub/api/users/ipy-eve/ipython/history/search").then().statusCode(200)
                .body("history.source", equalTo(List.of("secret = 42")));
        for (String token : List.of(eveServer, eve)) {
            as(token).get("/hub/api/users/ipy-fay/ipython/history/tail").then().statusCode(403);
            as(token).get("/hub/api/users/ipy-fay/ipython/sessions").then().statusCode(403);
            as(token).contentType("application/json").body(Map.of("session", "x")).post("/hub/api/users/ipy-fay/ipython/history")
                    .then().statusCode(403);
            as(token).delete("/hub/api/users/ipy-fay/ipython/sessions/1").then().statusCode(403);
        }
        as(fay).get("/hub/api/users/ipy-eve/ipython/history/tail").then().statusCode(403);
        given().get("/hub/api/users/ipy-eve/ipython/history/tail").then().statusCode(403);

        String readOnly = as(eve).contentType("application/json").body(Map.of("scopes", List.of("read:ipython!user=ipy-eve")))
                .post("/hub/api/users/ipy-eve/tokens").then().statusCode(201).extract().path("token");
        as(readOnly).get("/hub/api/users/ipy-eve/ipython/history/tail").then().statusCode(200);
        as(readOnly).contentType("application/json").body(Map.of("session", "e2")).post("/hub/api/users/ipy-eve/ipython/history")
                .then().statusCode(403);

        asAdmin().queryParam("pattern", "*").get("/hub/api/users/ipy-fay/ipython/history/search").then().statusCode(200)
                .body("history.source", equalTo(List.of("mine = 1")));
        asAdmin().delete("/hub/api/users/ipy-fay/ipython/sessions/1").then().statusCode(204);
        assertThat(rows("ipython_inputs", "ipy-fay")).isZero();
        assertThat(rows("ipython_inputs", "ipy-eve")).isEqualTo(1);
        asAdmin().get("/hub/api/users/nobody-ipy/ipython").then().statusCode(404);
    }
}
