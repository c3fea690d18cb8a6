package io.callisto.spawner.api;

import java.util.Optional;

/**
 * The answer of {@link Spawner#poll}.
 *
 * @param running  true while the server runs (it may still be starting)
 * @param exitCode the exit status when the spawner knows it (a process it started), else empty
 * @param reason   why it is not running, for people ("exited with status 1", "pod deleted"); empty while running
 */
public record ServerStatus(boolean running, Optional<Integer> exitCode, String reason) {

    /** The status of every running server. */
    public static final ServerStatus RUNNING = new ServerStatus(true, Optional.empty(), "");

    public static ServerStatus stopped(Integer exitCode, String reason) {
        return new ServerStatus(false, Optional.ofNullable(exitCode), reason);
    }
}
