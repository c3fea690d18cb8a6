package io.callisto.hub.servers;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.metrics.HubMetrics;
import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.Spawner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Notices servers that died behind the hub's back (killed, crashed, machine restarted) and records
 * them stopped, with the reason shown to their owner. Also settles, at start-up, what a previous hub
 * left half-done.
 */
@ApplicationScoped
public class ServerWatch {

    private static final Logger LOG = Logger.getLogger(ServerWatch.class);

    @Inject
    HubConfig config;

    @Inject
    Spawner spawner;

    @Inject
    SpawnService spawns;

    @Inject
    SpawnEvents events;

    @Inject
    HubMetrics metrics;

    private record Watched(long id, long spawnId, String prefix, ServerStatus status, ServerState state) {
    }

    /** Polls every running server once; the dead ones are recorded stopped and unrouted. Returns how many died. */
    public int pollRunning() {
        int died = 0;
        for (Watched server : withStatus(List.of(ServerStatus.RUNNING))) {
            long began = System.nanoTime();
            io.callisto.spawner.api.ServerStatus status = spawner.poll(server.state());
            metrics.poll(java.time.Duration.ofNanos(System.nanoTime() - began));
            if (!status.running()) {
                LOG.warnf("The server at %s stopped unexpectedly: %s", server.prefix(), status.reason());
                spawns.finishStop(server.id(), server.prefix(), server.state(), "The server stopped unexpectedly: " + status.reason());
                died++;
            }
        }
        return died;
    }

    /**
     * At start-up: running servers that still run are kept (adopted), the others recorded stopped;
     * starts and stops that a previous hub left unfinished are settled (their processes stopped);
     * then the spawner removes what it runs that no record owns (orphaned pods).
     */
    public void recover() {
        for (Watched server : withStatus(List.of(ServerStatus.PENDING, ServerStatus.STOPPING))) {
            LOG.infof("Settling %s, left %s by the previous hub", server.prefix(), server.status().label());
            spawner.stop(server.state(), config.servers().stopGrace());
            if (server.status() == ServerStatus.PENDING) {
                String reason = "The hub restarted while the server was starting";
                events.record(server.id(), server.spawnId(), 100, "Spawn failed: " + reason, false, true,
                        () -> SpawnService.markFailed(server.id(), reason));
            } else {
                QuarkusTransaction.requiringNew().run(() -> SpawnService.markStopped(server.id(), null));
            }
        }
        int running = withStatus(List.of(ServerStatus.RUNNING)).size();
        int died = pollRunning();
        LOG.infof("Adopted %d running server(s); %d had stopped while the hub was away", running - died, died);
        List<ServerState> owned = withStatus(List.of(ServerStatus.RUNNING, ServerStatus.PENDING, ServerStatus.STOPPING)).stream()
                .map(Watched::state).toList();
        spawner.removeOrphans(owned).forEach(removed -> LOG.warnf("Removed %s: no server record owns it", removed));
    }

    private static List<Watched> withStatus(List<ServerStatus> statuses) {
        return QuarkusTransaction.requiringNew().call(() -> Server.<Server>list("status in ?1", statuses).stream()
                .map(s -> new Watched(s.id, s.spawnId, s.prefix(), s.status, new ServerState(s.spawnerState)))
                .toList());
    }
}
