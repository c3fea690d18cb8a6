package io.callisto.hub.ipython;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.callisto.hub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class IpythonPagesTest {

    @Test
    void peopleSeeTheirOwnHistoryAndVariablesPagesAndAdminsAnyones() {
        String oli = createUser("ipy-oli");
        String pam = createUser("ipy-pam");
        as(oli).contentType("application/json").body(Map.of("type", "DataFrame", "value", "AQID"))
                .put("/hub/api/users/ipy-oli/ipython/variables/frame").then().statusCode(201);

        as(oli).get("/hub/history").then().statusCode(200).contentType(containsString("text/html"))
                .body(allOf(containsString("Your IPython history"), containsString("data-owner=\"ipy-oli\""),
                        containsString("/hub/static/history.js"), containsString("href=\"/hub/variables\"")));
        as(oli).get("/hub/variables").then().statusCode(200)
                .body(allOf(containsString("Your stored variables"), containsString("<code>frame</code>"),
                        containsString("<code>DataFrame</code>"), containsString("3 bytes"), containsString("1 stored")));
        as(pam).get("/hub/variables").then().statusCode(200).body(not(containsString("frame")));

        as(pam).get("/hub/history?user=ipy-oli").then().statusCode(403);
        as(pam).get("/hub/variables?user=ipy-oli").then().statusCode(403).body(containsString("ipy-oli"));
        given().redirects().follow(false).get("/hub/history").then().statusCode(302);

        asAdmin().contentType("application/json").body("{\"admin\": true}").post("/hub/api/users/ipy-quin").then().statusCode(201);
        String quin = asAdmin().contentType("application/json").body("{}").post("/hub/api/users/ipy-quin/tokens")
                .then().statusCode(201).extract().path("token");
        as(quin).get("/hub/variables?user=ipy-oli").then().statusCode(200)
                .body(allOf(containsString("Stored variables of ipy-oli"), containsString("<code>frame</code>")));
        as(quin).get("/hub/history?user=nobody-ipy").then().statusCode(404);
    }
}
