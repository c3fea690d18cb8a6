package io.callisto.spawner.local;

import io.callisto.spawner.api.SpawnException;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Launches a program through {@code setsid} so that it leads a session and process group of its own
 * (pid = group id = session id), with a clean environment, stdin from {@code /dev/null}, and stdout
 * and stderr appended to a log file. A freshly started child never leads a group (its pid cannot
 * be an existing group's id), so {@code setsid} calls setsid(2) rather than forking, then replaces
 * itself with the program, keeping the pid; this class checks that rather than trusting it.
 */
final class SessionLauncher {

    private static final Duration SESSION_SETUP = Duration.ofSeconds(5);
    private static final Duration REAPING = Duration.ofSeconds(1);
    private static final File DEV_NULL = new File("/dev/null");

    private final Path setsid;
    private final Path kill;

    SessionLauncher(Path setsid, Path kill) {
        this.setsid = setsid;
        this.kill = kill;
    }

    /** A process this JVM started, with its start ticks. */
    record Launched(Process process, long startTicks) {
    }

    /**
     * Starts {@code command} (an executable file, then its arguments) and returns once it leads its
     * own session, or has already exited (its status is then for the caller to find). A process that
     * does not lead its own session in time is killed: its group could not be stopped without
     * hitting the hub's.
     *
     * @param who names the server in messages: {@code alice's server}
     * @throws SpawnException when the process cannot be started, is gone before it could be
     *                        identified, or does not lead its own session; nothing runs then
     */
    Launched launch(String who, List<String> command, Map<String, String> environment, Path workDirectory,
            Path logFile) throws SpawnException {
        List<String> line = new ArrayList<>(command.size() + 1);
        line.add(setsid.toString());
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(workDirectory.toFile())
                .redirectInput(Redirect.from(DEV_NULL))
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SpawnException("Cannot start " + who + ": " + e.getMessage(), e);
        }
        return new Launched(process, awaitOwnSession(who, process, logFile));
    }

    /** The exit status of a process this JVM started, once the JDK has reaped it; null if that takes too long. */
    static Integer exitCode(Process process) {
        try {
            return process.waitFor(REAPING.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private long awaitOwnSession(String who, Process process, Path logFile) throws SpawnException {
        long pid = process.pid();
        Optional<ProcessStat> first = ProcessStat.read(pid);
        if (first.isEmpty()) {
            new ServerProcesses(pid, kill).terminate(Duration.ZERO);
            Integer status = exitCode(process);
            throw new SpawnException(who + " exited at once" + (status == null ? "" : " with status " + status)
                    + lastLines(logFile));
        }
        try {
            if (Await.until(() -> ProcessStat.read(pid).map(s -> !s.isLive() || s.leadsItsOwnSession()).orElse(true),
                    SESSION_SETUP)) {
                return first.get().startTicks();
            }
            process.destroyForcibly();
            throw new SpawnException(who + " did not start in a session of its own within " + SESSION_SETUP);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            new ServerProcesses(pid, kill).terminate(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new SpawnException("Starting " + who + " was interrupted", e);
        }
    }

    private static String lastLines(Path logFile) {
        try {
            List<String> lines = LogTail.lastLines(logFile, 5);
            return lines.isEmpty() ? "" : ": " + String.join(" / ", lines);
        } catch (IOException e) {
            return "";
        }
    }
}
