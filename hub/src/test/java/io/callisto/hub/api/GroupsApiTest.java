package io.callisto.hub.api;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.callisto.hub.groups.Group;
import io.callisto.hub.testing.HubTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Groups as JupyterHub's {@code test_group_create_delete} checks them: statuses and the stored rows. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class GroupsApiTest {

    private static long groups(String name) {
        return QuarkusTransaction.requiringNew().call(() -> Group.count("name", name));
    }

    @Test
    void createDeleteLifecycle() {
        asAdmin().get("/hub/api/groups/lab").then().statusCode(404);
        asAdmin().urlEncodingEnabled(false).post("/hub/api/groups/a%01b").then().statusCode(400);
        asAdmin().contentType("application/json").body("{\"users\": [\"ghost\"]}").post("/hub/api/groups/lab")
                .then().statusCode(400).body("message", containsString("ghost"));
        assertThat(groups("lab")).isZero();
        asAdmin().post("/hub/api/groups/lab").then().statusCode(201).body("name", equalTo("lab"));
        assertThat(groups("lab")).isEqualTo(1);
        asAdmin().post("/hub/api/groups/lab").then().statusCode(409);
        asAdmin().delete("/hub/api/groups/lab").then().statusCode(204);
        assertThat(groups("lab")).isZero();
        asAdmin().delete("/hub/api/groups/lab").then().statusCode(404);
    }

    @Test
    void membersAndPropertiesChangeAndShowInTheUserModel() {
        createUser("gm-ann");
        createUser("gm-ben");
        asAdmin().post("/hub/api/groups/chem").then().statusCode(201);
        asAdmin().contentType("application/json").body("{\"users\": [\"gm-ann\", \"gm-ben\"]}").post("/hub/api/groups/chem/users")
                .then().statusCode(200).body("users", contains("gm-ann", "gm-ben"));
        asAdmin().get("/hub/api/users/gm-ann").then().body("groups", contains("chem"));
        asAdmin().contentType("application/json").body("{\"users\": [\"gm-ann\"]}").delete("/hub/api/groups/chem/users")
                .then().statusCode(200).body("users", contains("gm-ben"));
        asAdmin().contentType("application/json").body("{\"course\": \"CHEM101\", \"seats\": 30}").put("/hub/api/groups/chem/properties")
                .then().statusCode(200).body("properties.course", equalTo("CHEM101")).body("properties.seats", equalTo(30));
        asAdmin().contentType("application/json").body("[1, 2]").put("/hub/api/groups/chem/properties").then().statusCode(400);
        asAdmin().contentType("application/json").body("{\"groups\": [\"chem\", \"bio\"]}").post("/hub/api/groups")
                .then().statusCode(201).body("name", contains("bio"));
        asAdmin().contentType("application/json").body("{\"groups\": [\"chem\", \"bio\"]}").post("/hub/api/groups").then().statusCode(409);
    }

    @Test
    void aRoleFilteredByGroupReachesOnlyThatGroupsMembers() {
        String ta = createUser("gm-ta");
        createUser("gm-student");
        createUser("gm-outsider");
        asAdmin().contentType("application/json").body("{\"users\": [\"gm-student\"]}").post("/hub/api/groups/cs101").then().statusCode(201);
        asAdmin().contentType("application/json")
                .body("{\"scopes\": [\"read:users!group=cs101\", \"list:users!group=cs101\"], \"users\": [\"gm-ta\"]}")
                .post("/hub/api/roles/cs101-ta").then().statusCode(201);
        as(ta).get("/hub/api/users/gm-student").then().statusCode(200).body("groups", contains("cs101"));
        as(ta).get("/hub/api/users/gm-outsider").then().statusCode(403);
        as(ta).get("/hub/api/users").then().statusCode(200).body("name", contains("gm-student"));
        as(ta).contentType("application/json").body("{\"scopes\": [\"admin:users\"]}").post("/hub/api/roles/escalate").then().statusCode(403);
    }

    @Test
    void unknownScopesInRolesAre400() {
        asAdmin().contentType("application/json").body("{\"scopes\": [\"fly:to-the-moon\"]}").post("/hub/api/roles/bad")
                .then().statusCode(400).body("message", containsString("fly:to-the-moon"));
        asAdmin().get("/hub/api/roles/bad").then().statusCode(404);
    }
}
