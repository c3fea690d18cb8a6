package io.callisto.spawner.local;

import io.callisto.spawner.api.ServerState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LocalSpawner} records about one server, and its form as a {@link ServerState}.
 *
 * <p>{@code (bootId, pid, startTicks)} names the server's process for good (see {@link ProcessStat}):
 * a process with the same pid but another start time, or any process after a reboot, is not it.
 *
 * @param pid        the server's pid, which is also its process group and session id
 * @param startTicks its start time in clock ticks since boot, from {@code /proc/{pid}/stat}
 * @param bootId     the kernel's {@code /proc/sys/kernel/random/boot_id} when it started
 * @param host       the address it listens on
 * @param port       the port it listens on
 * @param logFile    where its stdout and stderr go
 */
record LocalServerState(long pid, long startTicks, String bootId, String host, int port, Path logFile) {

    private static final String PID = "pid";
    private static final String START_TICKS = "startTicks";
    private static final String BOOT_ID = "bootId";
    private static final String HOST = "host";
    private static final String PORT = "port";
    private static final String LOG_FILE = "logFile";

    /**
     * Rejects what cannot be a server's process: pids 0 and 1 above all, since signalling group
     * {@code -0} or {@code -1} would reach the hub itself or every process of the user.
     */
    LocalServerState {
        if (pid <= 1) {
            throw new IllegalArgumentException("not a server's pid: " + pid);
        }
        if (startTicks < 0) {
            throw new IllegalArgumentException("negative start time: " + startTicks);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logFile, "logFile");
    }

    ServerState toServerState() {
        return new ServerState(Map.of(
                PID, Long.toString(pid),
                START_TICKS, Long.toString(startTicks),
                BOOT_ID, bootId,
                HOST, host,
                PORT, Integer.toString(port),
                LOG_FILE, logFile.toString()));
    }

    /** The recorded server, or empty for a state this spawner did not write (empty, another kind's, damaged). */
    static Optional<LocalServerState> from(ServerState state) {
        Map<String, String> values = state.values();
        if (!values.keySet().containsAll(List.of(PID, START_TICKS, BOOT_ID, HOST, PORT, LOG_FILE))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LocalServerState(
                    Long.parseLong(values.get(PID)),
                    Long.parseLong(values.get(START_TICKS)),
                    values.get(BOOT_ID),
                    values.get(HOST),
                    Integer.parseInt(values.get(PORT)),
                    Path.of(values.get(LOG_FILE))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
