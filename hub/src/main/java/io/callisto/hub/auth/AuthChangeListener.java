package io.callisto.hub.auth;

import io.agroal.api.AgroalDataSource;
import io.callisto.hub.background.BackgroundWorker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on PostgreSQL's channel {@code callisto_auth} (announced by the triggers of migration V5)
 * and empties the {@link IdentityCache} at each announcement, whichever hub replica made the change.
 * While the listening connection is down, the cache is switched off (every request reads the database),
 * so a lost connection makes the hub slower, never stale; it reconnects with backoff.
 */
@ApplicationScoped
public class AuthChangeListener {

    private static final Logger LOG = Logger.getLogger(AuthChangeListener.class);
    private static final String CHANNEL = "callisto_auth";
    private static final int POLL_MILLIS = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    IdentityCache cache;

    private volatile Connection connection;
    private BackgroundWorker worker;

    void start(@Observes StartupEvent event) {
        worker = BackgroundWorker.start("callisto-auth-listener", this::listen);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        cache.trusted(false);
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                LOG.debug("Closing the listening connection", e);
            }
        }
        worker.stop(Duration.ofSeconds(5));
    }

    private void listen(BackgroundWorker self) {
        Duration backoff = Duration.ofMillis(100);
        while (self.running()) {
            try (Connection listening = dataSource.getConnection()) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = listening.unwrap(PGConnection.class);
                cache.trusted(true);
                backoff = Duration.ofMillis(100);
                while (self.running()) {
                    PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
                    if (notices != null && notices.length > 0) {
                        cache.invalidateAll();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                cache.trusted(false);
                if (!self.running()) {
                    return;
                }
                LOG.warnf("Not listening for changes to tokens and roles (%s); cached token identities are off until it reconnects in %d ms",
                        e.getMessage(), backoff.toMillis());
                if (!self.pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }
}
