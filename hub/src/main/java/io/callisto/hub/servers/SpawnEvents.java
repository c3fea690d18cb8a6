package io.callisto.hub.servers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records and reads progress events of starts; the progress stream reads them from PostgreSQL, on
 * whichever replica it runs. Intermediate steps are queued and written together, at most
 * {@link #GATHER_MILLIS} later, in one transaction per batch (a storm of starts makes thousands of
 * them a second); a start's last event (ready or failed) is written at once, after every step queued
 * before it, so a stream always ends with it.
 */
@ApplicationScoped
public class SpawnEvents {

    private static final Logger LOG = Logger.getLogger(SpawnEvents.class);
    static final long GATHER_MILLIS = 50;

    private final BlockingQueue<SpawnEvent> queued = new LinkedBlockingQueue<>();
    private final Object writing = new Object();
    private volatile boolean running;
    private Thread writer;

    void start(@Observes StartupEvent event) {
        running = true;
        writer = new Thread(this::writeQueued, "spawn-events-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(5));
        write(List.of());
    }

    /** A start's last event: written now, after the steps queued before it. */
    public void record(long serverId, long spawnId, int progress, String message, boolean ready, boolean failed) {
        write(List.of(SpawnEvent.of(serverId, spawnId, progress, message, ready, failed)));
    }

    /** A step of a start: queued, written within {@link #GATHER_MILLIS}. */
    public void progress(long serverId, long spawnId, int progress, String message) {
        queued.add(SpawnEvent.of(serverId, spawnId, progress, message, false, false));
    }

    public List<SpawnEvent> after(long serverId, long spawnId, long afterId) {
        return QuarkusTransaction.requiringNew().call(() -> SpawnEvent.after(serverId, spawnId, afterId));
    }

    private void writeQueued() {
        while (running) {
            try {
                Thread.sleep(GATHER_MILLIS);
                write(List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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
