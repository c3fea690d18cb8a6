package io.callisto.hub.users;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.tokens.Secrets;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * User models are served from memory, yet a change made straight in PostgreSQL (as another replica
 * would) is seen promptly, and a change made through this hub's API on the very next request.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class UserCacheTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @Inject
    UserCache cache;

    @Test
    void aRepeatedReadIsServedFromMemory() {
        String token = createUser("uc-ada");
        UserView first = readUntilKept(token, "uc-ada");

        as(token).get("/hub/api/users/uc-ada").then().statusCode(200).body("name", equalTo("uc-ada"));

        assertThat(cache.byName("uc-ada")).isSameAs(first);
        assertThat(cache.byId(first.id())).isSameAs(first);
    }

    @Test
    void changesMadeInTheDatabaseAreSeenPromptly() {
        String token = createUser("uc-ben");
        as(token).get("/hub/api/users/uc-ben").then().statusCode(200).body("groups", empty());
        asAdmin().post("/hub/api/groups/uc-ben-group").then().statusCode(201);

        sql("insert into memberships (user_id, group_id) select u.id, g.id from users u, groups g where u.name = 'uc-ben' and g.name = 'uc-ben-group'");
        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users/uc-ben").path("groups").equals(List.of("uc-ben-group")));

        sql("insert into course_roles (user_id, course, role) select id, 'CS101', 'student' from users where name = 'uc-ben'");
        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users/uc-ben").path("course_roles.course").equals(List.of("CS101")));

        sql("update groups set name = 'uc-ben-renamed' where name = 'uc-ben-group'");
        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users/uc-ben").path("groups").equals(List.of("uc-ben-renamed")));

        sql("update users set last_activity = '2001-02-03T04:05:06Z' where name = 'uc-ben'");
        await().atMost(PROMPTLY).until(() -> "2001-02-03T04:05:06Z".equals(as(token).get("/hub/api/users/uc-ben").path("last_activity")));
    }

    @Test
    void aWriteThroughTheApiIsSeenOnTheVeryNextRead() {
        String token = createUser("uc-cai");
        asAdmin().post("/hub/api/groups/uc-cai-group").then().statusCode(201);
        for (int i = 0; i < 10; i++) {
            as(token).get("/hub/api/users/uc-cai").then().statusCode(200).body("admin", equalTo(false)).body("groups", empty());
            asAdmin().contentType("application/json").body("{\"admin\": true}").patch("/hub/api/users/uc-cai").then().statusCode(200);
            asAdmin().contentType("application/json").body("{\"users\": [\"uc-cai\"]}").post("/hub/api/groups/uc-cai-group/users").then().statusCode(200);
            as(token).get("/hub/api/users/uc-cai").then().statusCode(200).body("admin", equalTo(true)).body("groups", contains("uc-cai-group"));
            asAdmin().contentType("application/json").body("{\"admin\": false}").patch("/hub/api/users/uc-cai").then().statusCode(200);
            asAdmin().contentType("application/json").body("{\"users\": [\"uc-cai\"]}").delete("/hub/api/groups/uc-cai-group/users").then().statusCode(200);
        }
    }

    @Test
    void aRemovedRoleIsNeverServedOnceAnnounced() {
        String token = createUser("uc-dee");
        asAdmin().contentType("application/json").body("{\"scopes\": [\"read:users\"], \"users\": [\"uc-dee\"]}")
                .post("/hub/api/roles/uc-dee-role").then().statusCode(201);
        as(token).get("/hub/api/users/uc-dee").then().statusCode(200).body("roles", hasItem("uc-dee-role"));

        sql("delete from user_roles where role_id = (select id from roles where name = 'uc-dee-role')");

        await().atMost(PROMPTLY).until(() -> !as(token).get("/hub/api/users/uc-dee").<List<String>>path("roles").contains("uc-dee-role"));
        for (int i = 0; i < 10; i++) {
            as(token).get("/hub/api/users/uc-dee").then().statusCode(200).body("roles", not(hasItem("uc-dee-role")));
        }
    }

    @Test
    void aDeletedUserIsNeverServedOnceAnnounced() {
        createUser("uc-eli");
        readUntilKept(HubTestResource.ADMIN_TOKEN, "uc-eli");

        sql("delete from users where name = 'uc-eli'");

        await().atMost(PROMPTLY).until(() -> asAdmin().get("/hub/api/users/uc-eli").statusCode() == 404);
        for (int i = 0; i < 10; i++) {
            asAdmin().get("/hub/api/users/uc-eli").then().statusCode(404);
        }
    }

    @Test
    void aStoppedServerIsNeverServedOnceAnnounced() {
        String token = createUser("uc-fay");
        sql("insert into servers (user_id, name, status, url, started) select id, 'lab', 'running', 'http://127.0.0.1:9/user/uc-fay/lab/', now() from users where name = 'uc-fay'");
        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users/uc-fay").path("servers.lab") != null);

        sql("update servers set status = 'stopped', url = null where name = 'lab' and user_id = (select id from users where name = 'uc-fay')");

        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users/uc-fay").path("servers.lab") == null);
        for (int i = 0; i < 10; i++) {
            as(token).get("/hub/api/users/uc-fay").then().statusCode(200).body("servers.lab", equalTo(null));
        }
    }

    @Test
    void aRevokedTokenIsNeverServedOnceAnnounced() {
        String token = createUser("uc-gus");
        as(token).get("/hub/api/users/uc-gus").then().statusCode(200);

        sql("delete from api_tokens where hash = '" + Secrets.hash(token) + "'");

        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users/uc-gus").statusCode() == 403);
        for (int i = 0; i < 10; i++) {
            as(token).get("/hub/api/users/uc-gus").then().statusCode(403);
        }
    }

    @Test
    void nothingIsKeptWhileNotListening() {
        String token = createUser("uc-hal");
        readUntilKept(token, "uc-hal");

        sql("select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN %'");
        await().atMost(PROMPTLY).until(() -> cache.byName("uc-hal") == null);
        readUntilKept(token, "uc-hal");

        cache.listening(false);
        try {
            as(token).get("/hub/api/users/uc-hal").then().statusCode(200).body("name", equalTo("uc-hal"));
            assertThat(cache.size()).isZero();
            assertThat(cache.byName("uc-hal")).isNull();
        } finally {
            cache.listening(true);
        }
    }

    /** Reads the user until the view is kept (the first use of a token records it, which drops the view once). */
    private UserView readUntilKept(String token, String name) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            as(token).get("/hub/api/users/" + name).then().statusCode(200);
            return cache.byName(name) != null;
        });
        return cache.byName(name);
    }

    private static void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> {
            var query = Panache.getEntityManager().createNativeQuery(statement);
            if (statement.startsWith("select")) {
                query.getResultList();
            } else {
                query.executeUpdate();
            }
        });
    }
}
