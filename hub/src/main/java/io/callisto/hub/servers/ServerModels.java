package io.callisto.hub.servers;

import static io.callisto.hub.api.Timestamps.iso;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** JupyterHub's server model. */
@ApplicationScoped
public class ServerModels {

    /** @param withState include the spawner's state (scope {@code admin:server_state}) */
    public Map<String, Object> of(Server server, boolean withState) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", server.name);
        model.put("ready", server.status == ServerStatus.RUNNING);
        model.put("stopped", !server.status.active());
        model.put("pending", pending(server));
        model.put("url", server.prefix());
        model.put("progress_url", progressUrl(server));
        model.put("started", iso(server.started));
        model.put("last_activity", iso(server.lastActivity));
        if (withState) {
            model.put("state", server.spawnerState);
        }
        model.put("user_options", server.userOptions);
        return model;
    }

    /** JupyterHub's {@code pending}: {@code "spawn"}, {@code "stop"} or null. */
    public static String pending(Server server) {
        return switch (server.status) {
            case PENDING -> "spawn";
            case STOPPING -> "stop";
            default -> null;
        };
    }

    public static String progressUrl(Server server) {
        String user = ServerPaths.segment(server.user.name);
        return server.name.isEmpty()
                ? "/hub/api/users/" + user + "/server/progress"
                : "/hub/api/users/" + user + "/servers/" + ServerPaths.segment(server.name) + "/progress";
    }
}
