package io.callisto.hub.changes;

import io.agroal.api.AgroalDataSource;
import io.callisto.hub.background.BackgroundWorker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens, on one connection per hub, on the channel of every {@link ChangeSubscriber} and hands each
 * notice to the subscribers of its channel, whichever hub replica made the change. While the
 * connection is down, the subscribers are told they are not listening (they keep nothing), so a lost
 * connection makes the hub slower, never stale; it reconnects with backoff.
 *
 * <p>{@link #awaitOwnChanges()} is the barrier for read-your-writes: PostgreSQL delivers the notices
 * of different transactions in commit order, so once a notice sent after a write's commit has come
 * back, every notice of that write has been applied.
 */
@ApplicationScoped
public class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    /** Barrier notices: {@code <hub instance>:<ticket>}. */
    static final String SYNC_CHANNEL = "callisto_sync";
    private static final int POLL_MILLIS = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration BARRIER_PATIENCE = Duration.ofSeconds(2);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Any
    Instance<ChangeSubscriber> subscriberBeans;

    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong tickets = new AtomicLong();
    private final Object barrier = new Object();
    private long applied;
    private volatile boolean listening;
    private volatile Connection connection;
    private List<ChangeSubscriber> subscribers;
    private Map<String, List<ChangeSubscriber>> byChannel;
    private BackgroundWorker worker;

    void start(@Observes StartupEvent event) {
        subscribers = subscriberBeans.stream().toList();
        byChannel = subscribers.stream().collect(Collectors.groupingBy(ChangeSubscriber::channel));
        worker = BackgroundWorker.start("callisto-change-listener", this::listen);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        listening(false);
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

    /**
     * After a request on this hub committed a change: returns once this hub has applied that change's
     * notices (at once if it is not listening, since then nothing is kept). If they do not come back in
     * time, everything kept is forgotten instead.
     */
    public void awaitOwnChanges() {
        if (!listening) {
            return;
        }
        long ticket = tickets.incrementAndGet();
        try {
            // The connection goes back to the pool before the wait: a storm of writes must not hold the pool meanwhile.
            try (Connection c = dataSource.getConnection();
                 PreparedStatement notify = c.prepareStatement("SELECT pg_notify('" + SYNC_CHANNEL + "', ?)")) {
                notify.setString(1, instance + ":" + ticket);
                notify.execute();
            }
            long deadline = System.nanoTime() + BARRIER_PATIENCE.toNanos();
            synchronized (barrier) {
                while (applied < ticket && listening) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SQLException("no notice back in " + BARRIER_PATIENCE.toMillis() + " ms");
                    }
                    barrier.wait(left / 1_000_000 + 1);
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Could not wait for this hub's own changes to be announced (%s); forgetting everything kept", e.getMessage());
            subscribers.forEach(ChangeSubscriber::forgetAll);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            subscribers.forEach(ChangeSubscriber::forgetAll);
        }
    }

    private void listen(BackgroundWorker self) {
        Duration backoff = Duration.ofMillis(100);
        while (self.running()) {
            try (Connection listener = dataSource.getConnection()) {
                connection = listener;
                try (Statement statement = listener.createStatement()) {
                    for (String channel : byChannel.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                    statement.execute("LISTEN " + SYNC_CHANNEL);
                }
                PGConnection pg = listener.unwrap(PGConnection.class);
                listening(true);
                backoff = Duration.ofMillis(100);
                while (self.running()) {
                    PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            dispatch(notice);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening(false);
                if (!self.running()) {
                    return;
                }
                LOG.warnf("Not listening for changes (%s); what the hub keeps in memory is off until it reconnects in %d ms",
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

    private void dispatch(PGNotification notice) {
        if (SYNC_CHANNEL.equals(notice.getName())) {
            String payload = notice.getParameter();
            if (payload.startsWith(instance + ":")) {
                long ticket = Long.parseLong(payload.substring(instance.length() + 1));
                synchronized (barrier) {
                    applied = Math.max(applied, ticket);
                    barrier.notifyAll();
                }
            }
            return;
        }
        byChannel.getOrDefault(notice.getName(), List.of()).forEach(s -> s.changed(notice.getParameter()));
    }

    private void listening(boolean now) {
        subscribers.forEach(s -> s.listening(now));
        listening = now;
        synchronized (barrier) {
            barrier.notifyAll();
        }
    }
}
