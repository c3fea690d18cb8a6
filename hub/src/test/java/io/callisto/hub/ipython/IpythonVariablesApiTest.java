package io.callisto.hub.ipython;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class IpythonVariablesApiTest {

    static final byte[] PICKLE = {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0, 'K', 42, '.'};

    private static Map<String, Object> value(String type, byte[] bytes) {
        return Map.of("type", type, "value", Base64.getEncoder().encodeToString(bytes));
    }

    private static byte[] stored(String user, String name) {
        return QuarkusTransaction.requiringNew().call(() -> StoredVariable.<StoredVariable>find(
                "userId = (select u.id from User u where u.name = ?1) and name = ?2", user, name)
                .firstResultOptional().map(v -> v.value).orElse(null));
    }

    @Test
    void variablesAreWrittenListedReadAndForgotten() {
        String gus = createUser("ipy-gus");
        String url = "/hub/api/users/ipy-gus/ipython/variables";
        as(gus).contentType("application/json").body(value("int", PICKLE)).put(url + "/answer").then().statusCode(201)
                .body("name", equalTo("answer")).body("type", equalTo("int")).body("size", equalTo(PICKLE.length))
                .body("updated", notNullValue());
        assertThat(stored("ipy-gus", "answer")).isEqualTo(PICKLE);
        as(gus).contentType("application/json").body(value("list", new byte[] {1, 2, 3})).put(url + "/answer").then().statusCode(200)
                .body("type", equalTo("list")).body("size", equalTo(3));
        as(gus).contentType("application/json").body(value("str", new byte[] {9})).put(url + "/b").then().statusCode(201);

        as(gus).get(url).then().statusCode(200).body("variables.name", equalTo(List.of("answer", "b")))
                .body("variables[0].size", equalTo(3)).body("variables[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("value")));
        as(gus).queryParam("values", "true").get(url).then().body("variables[0].value", equalTo("AQID"));
        as(gus).get(url + "/answer").then().statusCode(200).body("value", equalTo("AQID")).body("type", equalTo("list"));
        as(gus).get("/hub/api/users/ipy-gus/ipython").then().body("variables", equalTo(2)).body("store_bytes", equalTo(4));

        as(gus).delete(url + "/answer").then().statusCode(204);
        as(gus).get(url + "/answer").then().statusCode(404).body("message", containsString("answer"));
        as(gus).delete(url + "/answer").then().statusCode(404);
        assertThat(stored("ipy-gus", "answer")).isNull();
        as(gus).get(url).then().body("variables", hasSize(1));
    }

    @Test
    void badValuesAndNamesAre400AndStoreNothing() {
        String hal = createUser("ipy-hal");
        String url = "/hub/api/users/ipy-hal/ipython/variables";
        as(hal).contentType("application/json").body(Map.of("type", "int", "value", "not base64!")).put(url + "/x")
                .then().statusCode(400).body("message", containsString("base64"));
        as(hal).contentType("application/json").body(Map.of("type", "int")).put(url + "/x").then().statusCode(400)
                .body("message", containsString("'value'"));
        as(hal).put(url + "/x").then().statusCode(400);
        as(hal).contentType("application/json").body(Map.of("value", "AQID", "size", 3)).put(url + "/x").then().statusCode(400)
                .body("message", containsString("size"));
        as(hal).urlEncodingEnabled(false).contentType("application/json").body(value("int", PICKLE)).put(url + "/a%01b")
                .then().statusCode(400).body("message", containsString("control"));
        as(hal).get(url).then().body("variables", hasSize(0));
    }

    @Test
    void othersAreRefusedAndAdminsMayInspectAndDelete() {
        String ida = createUser("ipy-ida");
        String jon = createUser("ipy-jon");
        String url = "/hub/api/users/ipy-ida/ipython/variables";
        as(ida).contentType("application/json").body(value("int", PICKLE)).put(url + "/x").then().statusCode(201);
        as(jon).get(url).then().statusCode(403);
        as(jon).get(url + "/x").then().statusCode(403);
        as(jon).contentType("application/json").body(value("int", PICKLE)).put(url + "/x").then().statusCode(403);
        as(jon).delete(url + "/x").then().statusCode(403);
        assertThat(stored("ipy-ida", "x")).isEqualTo(PICKLE);

        asAdmin().get(url).then().statusCode(200).body("variables.name", equalTo(List.of("x")));
        asAdmin().get(url + "/x").then().statusCode(200).body("value", equalTo(Base64.getEncoder().encodeToString(PICKLE)));
        asAdmin().delete(url + "/x").then().statusCode(204);
        assertThat(stored("ipy-ida", "x")).isNull();
    }

    @Test
    void deletingAUserDeletesTheirIpythonState() {
        String rex = createUser("ipy-rex");
        as(rex).contentType("application/json").body(value("int", PICKLE)).put("/hub/api/users/ipy-rex/ipython/variables/x")
                .then().statusCode(201);
        as(rex).contentType("application/json").body(Map.of("session", "r1", "inputs", List.of(Map.of("line", 1, "source", "x = 42"))))
                .post("/hub/api/users/ipy-rex/ipython/history").then().statusCode(200);
        long id = QuarkusTransaction.requiringNew().call(() -> User.byName("ipy-rex").orElseThrow().id);
        asAdmin().delete("/hub/api/users/ipy-rex").then().statusCode(204);
        long left = QuarkusTransaction.requiringNew().call(() -> ((Number) StoredVariable.getEntityManager().createNativeQuery(
                "SELECT (SELECT count(*) FROM ipython_variables WHERE user_id = ?1) + (SELECT count(*) FROM ipython_sessions WHERE user_id = ?1)"
                + " + (SELECT count(*) FROM ipython_usage WHERE user_id = ?1)").setParameter(1, id).getSingleResult()).longValue());
        assertThat(left).isZero();
    }
}
