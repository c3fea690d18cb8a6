package io.callisto.hub.auth;

import static io.callisto.hub.testing.HubApi.as;
import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.tokens.ApiToken;
import io.callisto.hub.tokens.Secrets;
import io.callisto.hub.users.User;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Token identities are served from memory, yet a change made anywhere (through this hub's API, or
 * straight in PostgreSQL as another replica would) is honoured at once.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class TokenIdentityCacheTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @Inject
    IdentityCache cache;

    @Test
    void aUsedTokenIsAnsweredFromMemory() {
        String token = createUser("ic-ada");
        as(token).get("/hub/api/user").then().statusCode(200);

        assertThat(cache.get(Secrets.hash(token), Instant.now())).isNotNull();
        assertThat(cache.get(Secrets.hash(token), Instant.now()).identity().name()).isEqualTo("ic-ada");
    }

    @Test
    void aTokenRevokedThroughTheApiFailsOnTheVeryNextRequest() {
        String owner = createUser("ic-ben");
        String second = as(owner).contentType("application/json").body("{\"note\": \"to revoke\"}")
                .post("/hub/api/users/ic-ben/tokens").then().statusCode(201).extract().path("token");
        as(second).get("/hub/api/user").then().statusCode(200);
        long id = tokenId(second);

        as(owner).delete("/hub/api/users/ic-ben/tokens/a" + id).then().statusCode(204);

        as(second).get("/hub/api/user").then().statusCode(403);
        as(owner).get("/hub/api/user").then().statusCode(200);
    }

    @Test
    void aTokenDeletedByAnotherReplicaStopsWorkingAtOnce() {
        String token = createUser("ic-cai");
        as(token).get("/hub/api/user").then().statusCode(200);
        assertThat(cache.get(Secrets.hash(token), Instant.now())).isNotNull();

        QuarkusTransaction.requiringNew().run(() -> ApiToken.delete("hash", Secrets.hash(token)));

        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/user").statusCode() == 403);
    }

    @Test
    void adminTakenAwayInTheDatabaseEndsAdminRightsAtOnce() {
        String token = createUser("ic-dee");
        asAdmin().contentType("application/json").body("{\"admin\": true}").patch("/hub/api/users/ic-dee").then().statusCode(200);
        as(token).get("/hub/api/users?limit=1").then().statusCode(200);

        QuarkusTransaction.requiringNew().run(() -> User.update("admin = false where name = ?1", "ic-dee"));

        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users?limit=1").statusCode() == 403);
    }

    @Test
    void aRoleGivenInTheDatabaseTakesEffectAtOnce() {
        String token = createUser("ic-eli");
        as(token).get("/hub/api/users?limit=1").then().statusCode(403);
        asAdmin().contentType("application/json").body("{\"scopes\": [\"list:users\"]}")
                .post("/hub/api/roles/ic-lister").then().statusCode(201);

        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "insert into user_roles (user_id, role_id) select u.id, r.id from users u, roles r where u.name = 'ic-eli' and r.name = 'ic-lister'")
                .executeUpdate());

        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/users?limit=1").statusCode() == 200);
    }

    @Test
    void aLostListeningConnectionTurnsTheCacheOffUntilItIsBack() {
        String token = createUser("ic-fay");
        as(token).get("/hub/api/user").then().statusCode(200);
        assertThat(cache.get(Secrets.hash(token), Instant.now())).isNotNull();

        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN %'").getResultList());

        await().atMost(PROMPTLY).until(() -> cache.get(Secrets.hash(token), Instant.now()) == null);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            as(token).get("/hub/api/user").then().statusCode(200);
            return cache.get(Secrets.hash(token), Instant.now()) != null;
        });
        QuarkusTransaction.requiringNew().run(() -> ApiToken.delete("hash", Secrets.hash(token)));
        await().atMost(PROMPTLY).until(() -> as(token).get("/hub/api/user").statusCode() == 403);
    }

    @Test
    void usingATokenRecordsItsUsersActivity() {
        String token = createUser("ic-gus");
        QuarkusTransaction.requiringNew().run(() -> User.update("lastActivity = null where name = ?1", "ic-gus"));
        Instant before = Instant.now().minusSeconds(1);

        as(token).get("/hub/api/user").then().statusCode(200);

        Instant recorded = QuarkusTransaction.requiringNew().call(() -> User.byName("ic-gus").orElseThrow().lastActivity);
        assertThat(recorded).isAfter(before);
    }

    private static long tokenId(String secret) {
        return QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>find("hash", Secrets.hash(secret)).firstResult().id);
    }
}
