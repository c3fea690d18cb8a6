package io.callisto.hub.servers;

import io.callisto.hub.background.BackgroundWorker;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Records and reads progress events of starts; the progress stream reads them from PostgreSQL, on
 * whichever replica it runs. Intermediate steps are queued and written together, at most
 * {@link #GATHER} later, as one JDBC batch in one transaction (a storm of starts makes thousands of
 * them a second); a start's last event (ready or failed) is written at once, after every step queued
 * before it, so a stream always ends with it, and in the same transaction as the server's new status.
 */
@ApplicationScoped
public class SpawnEvents {

    private static final Logger LOG = Logger.getLogger(SpawnEvents.class);
    private static final Duration GATHER = Duration.ofMillis(50);
    private static final BooleanSupplier NOTHING = () -> true;
    private static final String INSERT = "INSERT INTO spawn_events (server_id, spawn_id, created, progress, message, ready, failed)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final BlockingQueue<SpawnEvent> queued = new LinkedBlockingQueue<>();
    private final Object writing = new Object();
    private volatile BackgroundWorker writer;

    void start(@Observes StartupEvent event) {
        writer = BackgroundWorker.start("spawn-events-writer", this::writeQueued);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        writer.stop(Duration.ofSeconds(5));
        write(null, NOTHING);
    }

    /**
     * A start's last event, in one transaction with {@code change} (the server's new status), which
     * runs first: written now, after the steps queued before it, unless {@code change} returns false
     * (the start was not wanted any more, or its server is gone). Returns what {@code change} did.
     */
    public boolean record(long serverId, long spawnId, int progress, String message, boolean ready, boolean failed,
            BooleanSupplier change) {
        return write(SpawnEvent.of(serverId, spawnId, progress, message, ready, failed), change);
    }

    /** A step of a start: queued, written within {@link #GATHER}. */
    public void progress(long serverId, long spawnId, int progress, String message) {
        queued.add(SpawnEvent.of(serverId, spawnId, progress, message, false, false));
        BackgroundWorker current = writer;
        if (current != null) {
            current.wake();
        }
    }

    public List<SpawnEvent> after(long serverId, long spawnId, long afterId) {
        return QuarkusTransaction.requiringNew().call(() -> SpawnEvent.after(serverId, spawnId, afterId));
    }

    /** Idle until a step is queued, then gathers for {@link #GATHER} and writes the batch. */
    private void writeQueued(BackgroundWorker self) {
        while (self.awaitWork(() -> !queued.isEmpty()) && self.pause(GATHER)) {
            try {
                write(null, NOTHING);
            } catch (RuntimeException e) {
                LOG.warn("Could not write progress events of starts; they are lost, the starts go on", e);
            }
        }
    }

    /**
     * Runs {@code change}, then writes whatever is queued and {@code last} (null for none; left out when
     * {@code change} returns false), in one transaction; one writer at a time, and the queue is drained
     * under the same lock, so that ids keep the order events happened in.
     */
    private boolean write(SpawnEvent last, BooleanSupplier change) {
        synchronized (writing) {
            List<SpawnEvent> batch = new ArrayList<>();
            queued.drainTo(batch);
            if (batch.isEmpty() && change == NOTHING) {
                return true;
            }
            return QuarkusTransaction.requiringNew().call(() -> {
                boolean changed = change.getAsBoolean();
                if (changed && last != null) {
                    batch.add(last);
                }
                insert(batch);
                return changed;
            });
        }
    }

    /** One batched INSERT (one round trip) in the current transaction, rather than an entity each. */
    private static void insert(List<SpawnEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Session session = SpawnEvent.getEntityManager().unwrap(Session.class);
        session.flush();
        session.doWork(db -> {
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                for (SpawnEvent event : batch) {
                    insert.setLong(1, event.serverId);
                    insert.setLong(2, event.spawnId);
                    insert.setObject(3, event.created.atOffset(ZoneOffset.UTC));
                    insert.setInt(4, event.progress);
                    insert.setString(5, event.message);
                    insert.setBoolean(6, event.ready);
                    insert.setBoolean(7, event.failed);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }
}
