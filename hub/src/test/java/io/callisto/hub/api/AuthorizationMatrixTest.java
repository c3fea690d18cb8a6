package io.callisto.hub.api;

import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.hub.auth.Scopes;
import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.TokenService;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint against every kind of caller: the status each gets, and that nothing outside the
 * caller's scopes shows in what comes back.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class AuthorizationMatrixTest {

    /** The callers, in the order of the expectation strings below. */
    private static final List<String> CALLERS = List.of(
            "anonymous", "self", "other", "groupmate", "admin", "server", "lister", "expired", "revoked");

    @Inject
    TokenService tokens;

    private final Map<String, String> tokenOf = new LinkedHashMap<>();

    @BeforeEach
    void callers() {
        String suffix = Long.toString(System.nanoTime(), 36);
        String alice = "alice-" + suffix;
        tokenOf.put("self", createUser(alice));
        tokenOf.put("other", createUser("bob-" + suffix));
        tokenOf.put("groupmate", createUser("carol-" + suffix));
        createUser("victim-" + suffix);
        asAdmin().contentType("application/json").body("{\"users\": [\"" + alice + "\", \"carol-" + suffix + "\"]}")
                .post("/hub/api/groups/physics-" + suffix).then().statusCode(201);
        tokenOf.put("admin", HubTestResource.ADMIN_TOKEN);
        tokenOf.put("lister", HubTestResource.LISTER_TOKEN);
        QuarkusTransaction.requiringNew().run(() -> {
            User owner = User.byName(alice).orElseThrow();
            tokenOf.put("server", tokens.issue(owner, ApiToken.Kind.server, Scopes.serverRole(alice, ""), "server", null).secret());
            tokenOf.put("expired", tokens.issue(owner, ApiToken.Kind.api, List.of("inherit"), "expired", Duration.ofMillis(1)).secret());
        });
        String revoked = createUser("dave-" + suffix);
        String id = given().header("Authorization", "token " + revoked).get("/hub/api/users/dave-" + suffix + "/tokens")
                .then().statusCode(200).extract().path("api_tokens[0].id");
        asAdmin().delete("/hub/api/users/dave-" + suffix + "/tokens/" + id).then().statusCode(204);
        tokenOf.put("revoked", revoked);
        this.suffix = suffix;
    }

    private String suffix;

    private record Endpoint(String method, String path, String body, String expected) {
    }

    /**
     * Expected statuses, one per caller in {@link #CALLERS} order:
     * anonymous, self, other, groupmate, admin, server, lister, expired, revoked.
     */
    private List<Endpoint> endpoints() {
        String a = "alice-" + suffix;
        return List.of(
                new Endpoint("GET", "/hub/api/users/" + a, null, "403 200 403 403 200 200 403 403 403"),
                new Endpoint("GET", "/hub/api/users", null, "403 403 403 403 200 403 200 403 403"),
                new Endpoint("POST", "/hub/api/users/new-" + suffix + "-{caller}", "{}", "403 403 403 403 201 403 403 403 403"),
                new Endpoint("PATCH", "/hub/api/users/" + a, "{\"admin\": false}", "403 403 403 403 200 403 403 403 403"),
                new Endpoint("POST", "/hub/api/users/" + a + "/activity", "{\"last_activity\": \"2030-01-01T00:00:00Z\"}",
                        "403 204 403 403 204 204 403 403 403"),
                new Endpoint("GET", "/hub/api/users/" + a + "/tokens", null, "403 200 403 403 200 403 403 403 403"),
                new Endpoint("POST", "/hub/api/users/" + a + "/tokens", "{\"note\": \"m\"}", "403 201 403 403 201 403 403 403 403"),
                new Endpoint("DELETE", "/hub/api/users/" + a + "/server", null, "403 204 403 403 204 403 403 403 403"),
                new Endpoint("GET", "/hub/api/users/" + a + "/server/progress", null, "403 200 403 403 200 403 403 403 403"),
                new Endpoint("GET", "/hub/api/groups", null, "403 403 403 403 200 403 403 403 403"),
                new Endpoint("GET", "/hub/api/groups/physics-" + suffix, null, "403 403 403 403 200 403 403 403 403"),
                new Endpoint("POST", "/hub/api/groups/physics-" + suffix + "/users", "{\"users\": []}", "403 403 403 403 200 403 403 403 403"),
                new Endpoint("GET", "/hub/api/user", null, "403 200 200 200 200 200 200 403 403"),
                new Endpoint("GET", "/hub/api/proxy", null, "403 403 403 403 200 403 403 403 403"),
                new Endpoint("GET", "/hub/api/info", null, "403 403 403 403 200 403 403 403 403"),
                new Endpoint("GET", "/hub/api/services", null, "403 403 403 403 200 403 403 403 403"),
                new Endpoint("GET", "/hub/api/roles", null, "403 403 403 403 200 403 403 403 403"),
                new Endpoint("GET", "/hub/metrics", null, "403 403 403 403 200 403 403 403 403"),
                new Endpoint("DELETE", "/hub/api/users/victim-" + suffix, null, "403 403 403 403 204 403 403 403 403"));
    }

    @Test
    void everyEndpointAnswersEveryCallerAsItsScopesAllow() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            String[] expected = endpoint.expected().split(" ");
            for (int i = 0; i < CALLERS.size(); i++) {
                String caller = CALLERS.get(i);
                RequestSpecification request = given();
                if (tokenOf.containsKey(caller)) {
                    request = request.header("Authorization", "token " + tokenOf.get(caller));
                }
                if (endpoint.body() != null) {
                    request = request.contentType("application/json").body(endpoint.body());
                }
                String path = endpoint.path().replace("{caller}", caller);
                Response response = request.request(endpoint.method(), path);
                if (response.statusCode() != Integer.parseInt(expected[i])) {
                    wrong.add(endpoint.method() + " " + path + " as " + caller + ": " + response.statusCode()
                            + " (expected " + expected[i] + ") " + response.asString());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void callersSeeOnlyTheFieldsTheirScopesReach() {
        String a = "alice-" + suffix;
        Map<String, Object> asServer = given().header("Authorization", "token " + tokenOf.get("server"))
                .get("/hub/api/users/" + a).then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(asServer.keySet()).containsExactlyInAnyOrder("kind", "name", "admin", "last_activity");

        List<Map<String, Object>> asLister = given().header("Authorization", "token " + tokenOf.get("lister"))
                .get("/hub/api/users?name_filter=" + suffix).then().statusCode(200).extract().jsonPath().getList("");
        assertThat(asLister).isNotEmpty().allSatisfy(u -> assertThat(u.keySet()).isSubsetOf(Set.of("kind", "name")));


        Map<String, Object> asAdminModel = asAdmin().get("/hub/api/users/" + a).then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(asAdminModel).containsKeys("groups", "roles", "servers", "last_activity", "created");
    }
}
