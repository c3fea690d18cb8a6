package io.callisto.spawner.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link LocalSpawner} starts servers. The constructor rejects settings that cannot work, with a
 * message naming the setting, so a bad configuration stops the hub at start-up.
 *
 * @param command          the program and its arguments, e.g. {@code ["jupyterhub-singleuser"]}; the
 *                         program is an absolute path or a name looked up on the server's {@code PATH}
 * @param environment      variables added to every server's environment, after the hub's
 *                         {@code JUPYTERHUB_*} variables (so they win over them); may not set
 *                         {@code JUPYTERHUB_SERVICE_URL}, which the spawner derives from the port
 * @param workRoot         parent of the per-user working directories: {@code {workRoot}/{userName}}
 *                         is each user's home and the servers' working directory
 * @param logDirectory     where each server's stdout and stderr are appended, one file per server
 * @param bindHost         the address servers listen on, e.g. {@code 127.0.0.1}; the proxy connects to it
 */
public record LocalSpawnerSettings(
        List<String> command,
        Map<String, String> environment,
        Path workRoot,
        Path logDirectory,
        String bindHost) {

    public static final List<String> DEFAULT_COMMAND = List.of("jupyterhub-singleuser");
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";

    public LocalSpawnerSettings {
        command = validCommand(command);
        environment = validEnvironment(environment);
        workRoot = Objects.requireNonNull(workRoot, "workRoot is required").toAbsolutePath().normalize();
        logDirectory = Objects.requireNonNull(logDirectory, "logDirectory is required").toAbsolutePath().normalize();
        Objects.requireNonNull(bindHost, "bindHost is required");
        if (bindHost.isBlank() || bindHost.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bindHost must be a host name or address, not '" + bindHost + "'");
        }
    }

    /** The default command and bind host, no extra environment. */
    public static LocalSpawnerSettings defaults(Path workRoot, Path logDirectory) {
        return new LocalSpawnerSettings(DEFAULT_COMMAND, Map.of(), workRoot, logDirectory, DEFAULT_BIND_HOST);
    }

    private static List<String> validCommand(List<String> command) {
        Objects.requireNonNull(command, "command is required");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty: name the program to start, e.g. jupyterhub-singleuser");
        }
        for (String argument : command) {
            if (argument == null || argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command " + command + " holds a null or a NUL character");
            }
        }
        String program = command.get(0);
        if (program.isBlank()) {
            throw new IllegalArgumentException("command " + command + " starts with a blank program name");
        }
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            throw new IllegalArgumentException("command program '" + program
                    + "' must be an absolute path or a name looked up on PATH: a relative path would be"
                    + " resolved in each user's working directory");
        }
        return List.copyOf(command);
    }

    private static Map<String, String> validEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment is required (use an empty map for none)");
        environment.forEach((name, value) -> {
            ServerEnvironment.requireValid(name, value, "environment");
            if (name.equals(ServerEnvironment.SERVICE_URL)) {
                throw new IllegalArgumentException("environment may not set " + name
                        + ": the spawner sets it from the port it chooses");
            }
        });
        return Map.copyOf(environment);
    }
}
