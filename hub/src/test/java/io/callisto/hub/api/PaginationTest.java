package io.callisto.hub.api;

import static io.callisto.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.callisto.hub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pagination, filters and sort over 1,000 users, as JupyterHub pages them. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class PaginationTest {

    private static final String PREFIX = "page-";
    private static final int USERS = 1000;
    private static boolean created;

    private static String name(int i) {
        return PREFIX + String.format("%04d", i);
    }

    @BeforeEach
    void thousandUsers() {
        if (created) {
            return;
        }
        for (int from = 0; from < USERS; from += 250) {
            String names = IntStream.range(from, from + 250).mapToObj(i -> "\"" + name(i) + "\"").collect(Collectors.joining(","));
            asAdmin().contentType("application/json").body("{\"usernames\": [" + names + "]}").post("/hub/api/users")
                    .then().statusCode(201);
        }
        created = true;
    }

    @Test
    void aPlainListByDefaultWithTheDefaultLimit() {
        List<String> names = asAdmin().get("/hub/api/users?name_filter=" + PREFIX).then().statusCode(200)
                .extract().jsonPath().getList("name");
        assertThat(names).hasSize(50).isSorted().startsWith(name(0));
    }

    @Test
    void theEnvelopeWalksEveryUserExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String next = "/hub/api/users?name_filter=" + PREFIX + "&limit=200";
        int pages = 0;
        while (next != null) {
            var page = asAdmin().accept("application/jupyterhub-pagination+json").get(next).then().statusCode(200)
                    .body("_pagination.total", equalTo(USERS)).body("_pagination.limit", equalTo(200)).extract().jsonPath();
            seen.addAll(page.getList("items.name"));
            String url = page.getString("_pagination.next.url");
            next = url == null ? null : url.substring(url.indexOf("/hub/api/"));
            pages++;
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(USERS).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void theLimitIsCappedAndTheLastPageHasNoNext() {
        asAdmin().accept("application/jupyterhub-pagination+json").get("/hub/api/users?name_filter=" + PREFIX + "&limit=5000&offset=900")
                .then().statusCode(200).body("items.size()", equalTo(100)).body("_pagination.limit", equalTo(200))
                .body("_pagination.next", nullValue());
    }

    @Test
    void sortCanBeReversed() {
        List<String> names = asAdmin().get("/hub/api/users?name_filter=" + PREFIX + "&sort=-name&limit=3").then().statusCode(200)
                .extract().jsonPath().getList("name");
        assertThat(names).containsExactly(name(999), name(998), name(997));
    }

    @Test
    void stateFiltersFindNoRunningServersAmongNewUsers() {
        asAdmin().get("/hub/api/users?name_filter=" + PREFIX + "&state=ready").then().statusCode(200).body("size()", equalTo(0));
        asAdmin().accept("application/jupyterhub-pagination+json").get("/hub/api/users?name_filter=" + PREFIX + "&state=inactive")
                .then().statusCode(200).body("_pagination.total", equalTo(USERS));
    }

    @Test
    void badParametersAre400() {
        asAdmin().get("/hub/api/users?offset=-1").then().statusCode(400).body("message", containsString("offset"));
        asAdmin().get("/hub/api/users?limit=0").then().statusCode(400).body("message", containsString("limit"));
        asAdmin().get("/hub/api/users?state=sleepy").then().statusCode(400).body("message", containsString("state"));
        asAdmin().get("/hub/api/users?sort=colour").then().statusCode(400).body("message", containsString("sort"));
    }

    @Test
    void batchCreateOfExistingUsersIs409() {
        asAdmin().contentType("application/json").body("{\"usernames\": [\"" + name(1) + "\", \"" + name(2) + "\"]}")
                .post("/hub/api/users").then().statusCode(409).body("message", containsString("already exist"));
    }
}
