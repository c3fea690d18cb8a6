package io.callisto.hub.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.callisto.hub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Writes wait for their own change notices to come back (read-your-writes), but not on a database
 * connection: while the listener is slow, more writes wait than the pool has connections, and
 * everything else still gets one.
 */
@QuarkusTest
@QuarkusTestResource(HubTestResource.class)
class ChangeBarrierTest {

    @Inject
    ChangeListener changes;

    @Inject
    StallingSubscriber stalling;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int poolSize;

    @Test
    void writesWaitingForTheirNoticesLeaveThePoolFree() throws Exception {
        stalling.armAndAwaitStall(() -> run("SELECT pg_notify('" + StallingSubscriber.CHANNEL + "', 'stall')"));
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize + 10; i++) {
                writes.add(CompletableFuture.runAsync(changes::awaitOwnChanges, runnable -> new Thread(runnable).start()));
            }
            Thread.sleep(500);

            CompletableFuture<Void> query = CompletableFuture.runAsync(() -> run("SELECT 1"));
            query.get(1, TimeUnit.SECONDS);
            assertThat(writes).noneMatch(CompletableFuture::isDone);
        } finally {
            stalling.release();
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    private void run(String sql) {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
