package io.callisto.proxy.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;

/** The routes API of a {@link ProxyProcess}, called as the hub calls it, with the token. */
public final class RoutesClient {

    private final ProxyProcess proxy;

    public RoutesClient(ProxyProcess proxy) {
        this.proxy = proxy;
    }

    /** A request with the token; paths are sent as written, escapes included. */
    public RequestSpecification request() {
        return given().urlEncodingEnabled(false).baseUri(proxy.apiUrl()).header("Authorization", "token " + ProxyProcess.TOKEN);
    }

    /** Adds a route and checks the 201. {@code path} is as sent, e.g. {@code /user/b%40x}. */
    public void add(String path, String target) {
        request().contentType("application/json").body("{\"target\": \"" + target + "\"}")
                .post("/api/routes" + path).then().statusCode(201);
    }

    public void delete(String path) {
        request().delete("/api/routes" + path).then().statusCode(204);
    }

    /** The whole table as JSON. */
    public JsonPath all() {
        return request().get("/api/routes").then().statusCode(200).extract().jsonPath();
    }

    public Instant lastActivity(String path) {
        String text = request().get("/api/routes" + path).then().statusCode(200).extract().path("last_activity");
        return Instant.parse(text);
    }
}
