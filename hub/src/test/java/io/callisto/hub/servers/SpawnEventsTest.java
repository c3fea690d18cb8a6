package io.callisto.hub.servers;

import static io.callisto.hub.testing.HubApi.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Steps are written in batches, yet a progress stream always sees them in order and ending with the last event. */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class SpawnEventsTest {

    @Inject
    SpawnEvents events;

    @Test
    void queuedStepsAreWrittenBeforeTheLastEventAndInOrder() {
        long serverId = serverOf("se-ann");

        IntStream.range(1, 200).forEach(i -> events.progress(serverId, 7, i % 100, "step " + i));
        events.record(serverId, 7, 100, "Server ready", true, false, () -> true);

        List<SpawnEvent> written = events.after(serverId, 7, 0);
        assertThat(written).hasSize(200);
        assertThat(written).extracting(e -> e.message).startsWith("step 1", "step 2").endsWith("step 199", "Server ready");
        assertThat(written.get(199).terminal()).isTrue();
    }

    @Test
    void aLastEventWhoseChangeWasRefusedIsLeftOutButTheStepsBeforeItAreWritten() {
        long serverId = serverOf("se-cat");

        events.progress(serverId, 3, 50, "Pulling image");
        boolean recorded = events.record(serverId, 3, 100, "Server ready", true, false, () -> false);

        assertThat(recorded).isFalse();
        assertThat(events.after(serverId, 3, 0)).extracting(e -> e.message).containsExactly("Pulling image");
    }

    @Test
    void aStepIsWrittenWithoutWaitingForTheLastEvent() {
        long serverId = serverOf("se-bob");

        events.progress(serverId, 1, 10, "Pulling image");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2))
                .until(() -> events.after(serverId, 1, 0).size() == 1);
    }

    /** A new user's default server row (never started), for events to belong to. */
    private static long serverOf(String userName) {
        createUser(userName);
        return QuarkusTransaction.requiringNew().call(() -> {
            Server server = new Server();
            server.user = User.byName(userName).orElseThrow();
            server.name = "";
            server.persist();
            return server.id;
        });
    }
}
