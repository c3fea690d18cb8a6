package io.callisto.hub.servers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One progress event of one start; the progress stream reads them, on whichever hub replica it runs. */
@Entity
@Table(name = "spawn_events")
public class SpawnEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "server_id")
    public long serverId;

    @Column(name = "spawn_id")
    public long spawnId;

    public Instant created = Instant.now();

    public int progress;

    public String message;

    public boolean ready;

    public boolean failed;

    static SpawnEvent of(long serverId, long spawnId, int progress, String message, boolean ready, boolean failed) {
        SpawnEvent event = new SpawnEvent();
        event.serverId = serverId;
        event.spawnId = spawnId;
        event.progress = progress;
        event.message = message;
        event.ready = ready;
        event.failed = failed;
        return event;
    }

    public boolean terminal() {
        return ready || failed;
    }

    static List<SpawnEvent> after(long serverId, long spawnId, long afterId) {
        return list("serverId = ?1 and spawnId = ?2 and id > ?3 order by id", serverId, spawnId, afterId);
    }
}
