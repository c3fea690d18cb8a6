package io.callisto.hub.servers;

import io.callisto.hub.background.BackgroundWorker;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jboss.logging.Logger;

/**
 * Records and reads progress events of starts; the progress stream reads them from PostgreSQL, on
 * whichever replica it runs. Intermediate steps are queued and written together, at most
 * {@link #GATHER} later, in one transaction per batch (a storm of starts makes thousands of
 * them a second); a start's last event (ready or failed) is written at once, after every step queued
 * before it, so a stream always ends with it.
 */
@ApplicationScoped
public class SpawnEvents {

    private static final Logger LOG = Logger.getLogger(SpawnEvents.class);
    private static final Duration GATHER = Duration.ofMillis(50);

    private final BlockingQueue<SpawnEvent> queued = new LinkedBlockingQueue<>();
    private final Object writing = new Object();
    private volatile BackgroundWorker writer;

    void start(@Observes StartupEvent event) {
        writer = BackgroundWorker.start("spawn-events-writer", this::writeQueued);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        writer.stop(Duration.ofSeconds(5));
        write(List.of());
    }

    /** A start's last event: written now, after the steps queued before it. */
    public void record(long serverId, long spawnId, int progress, String message, boolean ready, boolean failed) {
        write(List.of(SpawnEvent.of(serverId, spawnId, progress, message, ready, failed)));
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
                write(List.of());
            } catch (RuntimeException e) {
                LOG.warn("Could not write progress events of starts; they are lost, the starts go on", e);
            }
        }
    }

    /**
     * Writes whatever is queued, then {@code last}, in one transaction; one writer at a time, and the
     * queue is drained under the same lock, so that ids keep the order events happened in.
     */
    private void write(List<SpawnEvent> last) {
        synchronized (writing) {
            List<SpawnEvent> batch = new ArrayList<>();
            queued.drainTo(batch);
            batch.addAll(last);
            if (!batch.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> batch.forEach(event -> event.persist()));
            }
        }
    }
}
