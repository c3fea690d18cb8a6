package io.callisto.hub.servers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the hub adds to every single-user server's command line. */
public final class SingleUserArgs {

    static final String AUTH_CACHE = "--HubOAuth.cache_max_age=";

    private SingleUserArgs() {
    }

    /**
     * The command with {@code --HubOAuth.cache_max_age} set to {@code maxAge} (whole seconds), so that an
     * ended login stops being accepted by the server within that time; a value already in the command wins.
     */
    public static List<String> withAuthCache(List<String> command, Duration maxAge) {
        if (command.stream().anyMatch(a -> a.startsWith(AUTH_CACHE))) {
            return command;
        }
        List<String> with = new ArrayList<>(command);
        with.add(AUTH_CACHE + maxAge.toSeconds());
        return List.copyOf(with);
    }
}
