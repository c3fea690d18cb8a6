package io.callisto.hub.ipython;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.callisto.hub.testing.HubTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(IpythonLimitsProfile.class)
@QuarkusTestResource(HubTestResource.class)
class IpythonLimitsTest {

    private static Map<String, Object> put(int size) {
        return Map.of("type", "bytes", "value", Base64.getEncoder().encodeToString(new byte[size]));
    }

    private static Map<String, Object> lines(String key, int from, int count, int width) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int line = from; line < from + count; line++) {
            inputs.add(Map.of("line", line, "source", "x".repeat(width)));
        }
        return Map.of("session", key, "inputs", inputs);
    }

    @Test
    void aCellOverTheLimitIs413AndNothingOfItsBatchIsKept() {
        String kim = createUser("ipy-kim");
        as(kim).contentType("application/json").body(Map.of("session", "k1", "inputs",
                        List.of(Map.of("line", 1, "source", "ok"), Map.of("line", 2, "source", "y".repeat(101)))))
                .post("/hub/api/users/ipy-kim/ipython/history").then().statusCode(413)
                .body("status", equalTo(413)).body("message", containsString("line 2 is 101 bytes"))
                .body("message", containsString("callisto.ipython.max-cell-size"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> IpythonSession.count("key", "k1"))).isZero();
    }

    @Test
    void aFullHistoryIs413UntilSessionsAreDeleted() {
        String lee = createUser("ipy-lee");
        String url = "/hub/api/users/ipy-lee/ipython/history";
        as(lee).contentType("application/json").body(lines("l1", 1, 5, 50)).post(url).then().statusCode(200);
        as(lee).contentType("application/json").body(lines("l2", 1, 2, 50)).post(url).then().statusCode(413)
                .body("message", containsString("may be at most 300 bytes")).body("message", containsString("max-history-size"));
        as(lee).contentType("application/json").body(lines("l1", 1, 5, 50)).post(url).then().statusCode(200)
                .body("inputs", equalTo(0));
        as(lee).get("/hub/api/users/ipy-lee/ipython").then().body("history_bytes", equalTo(250));
        as(lee).delete("/hub/api/users/ipy-lee/ipython/sessions/1").then().statusCode(204);
        as(lee).contentType("application/json").body(lines("l2", 1, 2, 50)).post(url).then().statusCode(200).body("inputs", equalTo(2));
    }

    @Test
    void aValueOverTheLimitOrAFullStoreIs413AndKeepsWhatWasStored() {
        String max = createUser("ipy-max");
        String url = "/hub/api/users/ipy-max/ipython/variables/";
        as(max).contentType("application/json").body(put(1025)).put(url + "big").then().statusCode(413)
                .body("message", containsString("'big' is 1.0 KiB")).body("message", containsString("max-value-size"));
        as(max).contentType("application/json").body(put(1000)).put(url + "a").then().statusCode(201);
        as(max).contentType("application/json").body(put(600)).put(url + "b").then().statusCode(413)
                .body("message", containsString("max-store-size"));
        as(max).contentType("application/json").body(put(1024)).put(url + "a").then().statusCode(200); // replacing a value counts it once
        as(max).get(url.substring(0, url.length() - 1)).then().body("variables.name", equalTo(List.of("a")))
                .body("variables[0].size", equalTo(1024));
    }

    @Test
    void answersStopAtMaxResultsAndSaySo() {
        String ned = createUser("ipy-ned");
        as(ned).contentType("application/json").body(lines("n1", 1, 7, 3)).post("/hub/api/users/ipy-ned/ipython/history")
                .then().statusCode(200);
        as(ned).queryParam("n", 100).get("/hub/api/users/ipy-ned/ipython/history/tail").then()
                .body("history", hasSize(5)).body("history[4].line", equalTo(7)).body("truncated", equalTo(true));
        as(ned).get("/hub/api/users/ipy-ned/ipython/history/search").then()
                .body("history.line", equalTo(List.of(3, 4, 5, 6, 7))).body("truncated", equalTo(true));
        as(ned).queryParam("n", 2).get("/hub/api/users/ipy-ned/ipython/history/search").then()
                .body("history.line", equalTo(List.of(6, 7))).body("truncated", equalTo(false));
        as(ned).get("/hub/api/users/ipy-ned/ipython/sessions/1/history").then().body("history", hasSize(5)).body("truncated", equalTo(true));
        as(ned).get("/hub/api/users/ipy-ned/ipython").then().body("limits.max_results", equalTo(5))
                .body("limits.max_value_size", equalTo(1024));
    }
}
