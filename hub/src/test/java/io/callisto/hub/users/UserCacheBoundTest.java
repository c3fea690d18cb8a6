package io.callisto.hub.users;

import static io.callisto.hub.testing.HubApi.asAdmin;
import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.hub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code callisto.api.user-cache-size} bounds how many user models are kept. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
@TestProfile(UserCacheBoundTest.SmallCache.class)
class UserCacheBoundTest {

    /** Keeps at most two users. */
    public static class SmallCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callisto.api.user-cache-size", "2");
        }
    }

    @Inject
    UserCache cache;

    @Test
    void noMoreUsersAreKeptThanConfigured() {
        for (int i = 0; i < 5; i++) {
            createUser("ucb-" + i);
            asAdmin().get("/hub/api/users/ucb-" + i).then().statusCode(200);
            assertThat(cache.size()).isBetween(1, 2);
            assertThat(cache.byName("ucb-" + i)).isNotNull();
        }
    }
}
