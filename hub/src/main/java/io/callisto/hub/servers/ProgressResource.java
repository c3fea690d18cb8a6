package io.callisto.hub.servers;

import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /hub/api/users/{name}/server/progress} and {@code …/servers/{server_name}/progress}:
 * JupyterHub's progress stream (server-sent events).
 * Each event's data is {@code {"progress": 0-100, "message": "..."}}; the last one adds
 * {@code "ready": true, "url": "/user/alice/"} or {@code "failed": true}. Events are read from
 * PostgreSQL, so the stream works on any hub replica.
 */
@Path("/hub/api/users/{name}")
public class ProgressResource {

    private static final Duration INTERVAL = Duration.ofMillis(250);
    private static final Duration LONGEST = Duration.ofMinutes(30);

    @Inject
    SpawnEvents events;

    private record Target(long serverId, long spawnId, ServerStatus status, String prefix, String failure) {
    }

    @GET
    @Path("server/progress")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RequiresScope(value = "read:servers", user = "name")
    public Multi<Map<String, Object>> progress(@PathParam("name") String name) {
        return stream(name, "");
    }

    @GET
    @Path("servers/{server_name}/progress")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RequiresScope(value = "read:servers", user = "name", server = "server_name")
    public Multi<Map<String, Object>> namedProgress(@PathParam("name") String name, @PathParam("server_name") String serverName) {
        return stream(name, serverName);
    }

    private Multi<Map<String, Object>> stream(String name, String serverName) {
        Target target = QuarkusTransaction.requiringNew().call(() -> {
            User user = UserService.require(name);
            return Server.of(user, serverName).map(s -> new Target(s.id, s.spawnId, s.status, s.prefix(), s.failure)).orElse(null);
        });
        if (target == null) {
            return Multi.createFrom().item(event(100, "Spawn not started", false, true, null));
        }
        AtomicLong lastId = new AtomicLong();
        return Multi.createFrom().ticks().every(INTERVAL)
                .onOverflow().drop()
                .select().first(LONGEST)
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom()
                        .item(() -> batch(target, lastId, tick == 0))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onItem().transformToMultiAndConcatenate(batch -> Multi.createFrom().iterable(batch))
                .select().first(e -> e != END);
    }

    /** Marks the end of a stream, after its terminal event; never sent. */
    private static final Map<String, Object> END = Map.of();

    /**
     * The events after {@code lastId}, cut after the terminal one and followed by {@link #END}. On the
     * first read, a server that is not starting and has no terminal event gets one made up from its status.
     */
    private List<Map<String, Object>> batch(Target target, AtomicLong lastId, boolean first) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SpawnEvent e : events.after(target.serverId(), target.spawnId(), lastId.get())) {
            lastId.set(e.id);
            out.add(event(e.progress, e.message, e.ready, e.failed, e.ready ? target.prefix() : null));
            if (e.terminal()) {
                out.add(END);
                return out;
            }
        }
        if (first && target.status() != ServerStatus.PENDING) {
            out.add(target.status() == ServerStatus.RUNNING
                    ? event(100, "Server ready at " + target.prefix(), true, false, target.prefix())
                    : event(100, target.failure() == null ? "Server is not running" : "Spawn failed: " + target.failure(), false, true, null));
            out.add(END);
        }
        return out;
    }

    private static Map<String, Object> event(int progress, String message, boolean ready, boolean failed, String url) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("progress", progress);
        event.put("message", message);
        if (ready) {
            event.put("ready", true);
            event.put("url", url);
        }
        if (failed) {
            event.put("failed", true);
        }
        return event;
    }
}
