package io.callisto.hub.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests to the hub's API under test, with the admin service token or a user's token. */
public final class HubApi {

    private HubApi() {
    }

    public static RequestSpecification asAdmin() {
        return as(HubTestResource.ADMIN_TOKEN);
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "token " + token);
    }

    /** Creates a user with a password (through the API, as an admin would) and returns a token for them. */
    public static String createUser(String name) {
        asAdmin().contentType("application/json").body("{\"password\": \"password-" + name + "\"}")
                .post("/hub/api/users/" + name).then().statusCode(201);
        return asAdmin().contentType("application/json").body("{\"note\": \"test\"}")
                .post("/hub/api/users/" + name + "/tokens").then().statusCode(201).extract().path("token");
    }
}
