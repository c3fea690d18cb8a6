package io.callisto.hub.servers;

import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.NewCookie;
import java.util.List;

/**
 * The cookies single-user servers set in a browser once it has logged in through the hub's OAuth:
 * {@code jupyterhub-user-<name>[-<server>]} (the server's OAuth client id) on the server's path. Logging
 * out removes them from that browser at once, so its next request to a server goes back through the hub,
 * which no longer knows it; a server's cached answer for the token ({@code --HubOAuth.cache_max_age}) does
 * not matter then.
 */
@ApplicationScoped
public class ServerCookies {

    /** Set-Cookie headers that remove the server cookies of every server of a user from the browser. */
    @Transactional
    public List<NewCookie> removals(long userId) {
        User user = User.findById(userId);
        if (user == null) {
            return List.of();
        }
        List<Server> servers = Server.list("user", user);
        return servers.stream().map(s -> new NewCookie.Builder(SpawnEnvironment.clientId(user.name, s.name))
                .value("").path(ServerPaths.prefix(user.name, s.name)).maxAge(0).httpOnly(true).build()).toList();
    }
}
