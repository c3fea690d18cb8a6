package io.callisto.hub.servers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Records and reads progress events of starts. Each write commits at once, so any replica's stream sees it. */
@ApplicationScoped
public class SpawnEvents {

    public void record(long serverId, long spawnId, int progress, String message, boolean ready, boolean failed) {
        QuarkusTransaction.requiringNew().run(() -> SpawnEvent.of(serverId, spawnId, progress, message, ready, failed).persist());
    }

    public void progress(long serverId, long spawnId, int progress, String message) {
        record(serverId, spawnId, progress, message, false, false);
    }

    public List<SpawnEvent> after(long serverId, long spawnId, long afterId) {
        return QuarkusTransaction.requiringNew().call(() -> SpawnEvent.after(serverId, spawnId, afterId));
    }
}
