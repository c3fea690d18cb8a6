package io.callisto.spawner.local;

import io.callisto.spawner.api.ProgressListener;
import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.ServerStatus;
import io.callisto.spawner.api.SpawnException;
import io.callisto.spawner.api.SpawnRequest;
import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.api.StartedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each server as a local process of the hub's operating-system user, in a session and process
 * group of its own (see the package documentation for the contract). Linux only: it reads
 * {@code /proc} and needs {@code setsid} (util-linux) and {@code kill} (procps or util-linux).
 *
 * <p>Thread-safe, and starts no threads of its own (the JDK reaps child processes with its own
 * daemon threads). Any instance can poll, stop and read the log of a server from its state alone;
 * only the instance that started a server knows its exit status, until {@link #stop} forgets it.
 * The request's user options are not used: a local server has no profiles or images to choose.
 */
public final class LocalSpawner implements Spawner {

    private final LocalSpawnerSettings settings;
    private final ServerPaths paths;
    private final PortAllocator ports;
    private final SessionLauncher launcher;
    private final Path kill;
    private final String bootId;
    /** The processes this instance started, by pid, until they are stopped. */
    private final Map<Long, SessionLauncher.Launched> children = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException when the bind host is not an address of this machine
     * @throws IllegalStateException    when this is not Linux or {@code setsid} or {@code kill} is missing
     */
    public LocalSpawner(LocalSpawnerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.paths = new ServerPaths(settings.workRoot(), settings.logDirectory());
        this.ports = new PortAllocator(bindableAddress(settings.bindHost()));
        String hubPath = Optional.ofNullable(System.getenv("PATH")).orElse(ServerEnvironment.DEFAULT_PATH);
        this.kill = requiredProgram("kill", hubPath);
        this.launcher = new SessionLauncher(requiredProgram("setsid", hubPath), kill);
        this.bootId = ProcessStat.currentBootId();
    }

    /**
     * Creates the working directory and log file, chooses a port, and launches the command through
     * {@code setsid}. Returns once the process leads its own session, or has already exited (then
     * {@link #poll} reports its status). Progress: 10, 30 and 50.
     *
     * @throws SpawnException when the user name cannot name a directory, the program is missing or
     *                        not executable, or a file, port or process cannot be had; nothing runs then
     */
    @Override
    public StartedServer start(SpawnRequest request, ProgressListener progress) throws SpawnException {
        String who = request.displayName() + "'s server";
        progress.progress(10, "Preparing the working directory");
        Path workDirectory = paths.workDirectory(request.userName());
        Path logFile = paths.logFile(request.userName(), request.serverName());
        int port;
        URI url;
        Map<String, String> environment;
        Path program;
        try {
            ServerFiles.prepare(workDirectory, logFile);
            port = ports.allocate();
            url = serviceUrl(port, request.servicePrefix());
            environment = ServerEnvironment.build(
                    System.getenv(), request.environment(), settings.environment(), workDirectory, url);
            program = Executables.find(settings.command().get(0), environment.get("PATH"));
            ServerFiles.appendHeader(logFile, "starting " + who + ": " + program + " on " + settings.bindHost() + ":" + port);
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new SpawnException("Cannot start " + who + ": " + e.getMessage(), e);
        }
        progress.progress(30, "Starting " + program.getFileName() + " on port " + port);
        List<String> command = new ArrayList<>(settings.command());
        command.set(0, program.toString());
        SessionLauncher.Launched launched = launcher.launch(who, command, environment, workDirectory, logFile);
        long pid = launched.process().pid();
        children.put(pid, launched);
        progress.progress(50, "Server process " + pid + " started");
        var state = new LocalServerState(pid, launched.startTicks(), bootId, settings.bindHost(), port, logFile);
        return new StartedServer(url, state.toServerState());
    }

    /**
     * {@code http://{bindHost}:{port}{servicePrefix}}. The prefix is a URL path as the hub routes it,
     * already percent-encoded where needed ({@code /user/alice/my%20lab/}), and is taken as it is.
     */
    private URI serviceUrl(int port, String servicePrefix) throws URISyntaxException {
        String host = settings.bindHost().contains(":") ? "[" + settings.bindHost() + "]" : settings.bindHost();
        URI url = new URI("http://" + host + ":" + port + servicePrefix);
        if (!servicePrefix.startsWith("/") || !servicePrefix.equals(url.getRawPath())) {
            throw new URISyntaxException(servicePrefix, "the service prefix is not a URL path");
        }
        return url;
    }

    /**
     * Running while a live process has the recorded pid and start time (zombies have exited). Else
     * stopped: with the exit status when this instance started the process, else with none.
     */
    @Override
    public ServerStatus poll(ServerState state) {
        Optional<LocalServerState> recorded = LocalServerState.from(state);
        if (recorded.isEmpty()) {
            return ServerStatus.stopped(null, "no local process is recorded for this server");
        }
        LocalServerState server = recorded.get();
        if (!server.bootId().equals(bootId)) {
            return ServerStatus.stopped(null, "process " + server.pid() + " ran before this machine last booted");
        }
        Optional<ProcessStat> now = ProcessStat.read(server.pid());
        if (now.isPresent() && now.get().startTicks() != server.startTicks()) {
            return ServerStatus.stopped(null, "process " + server.pid() + " is gone (its pid now names another process)");
        }
        if (now.isPresent() && now.get().isLive()) {
            return ServerStatus.RUNNING;
        }
        return exitStatus(server);
    }

    /**
     * Terminates the server's process group and the kernels and terminals it started in sessions of
     * their own ({@link ServerProcesses#terminate}), and forgets its exit status. Does nothing when
     * the recorded process is gone and its group has no member left, or when its pid now names
     * another process (that process is never signalled).
     *
     * @throws IllegalStateException when processes of the group outlive SIGKILL
     */
    @Override
    public void stop(ServerState state, Duration grace) {
        Objects.requireNonNull(grace, "grace");
        Optional<LocalServerState> recorded = LocalServerState.from(state);
        if (recorded.isEmpty()) {
            return;
        }
        LocalServerState server = recorded.get();
        if (groupIsTheServers(server)) {
            new ServerProcesses(server.pid(), kill).terminate(grace);
        }
        children.computeIfPresent(server.pid(), (pid, child) -> child.startTicks() == server.startTicks() ? null : child);
    }

    /** Read backwards from the end of the server's log file; empty when it cannot be read. */
    @Override
    public List<String> logTail(ServerState state, int maxLines) {
        Optional<LocalServerState> recorded = LocalServerState.from(state);
        if (recorded.isEmpty()) {
            return List.of();
        }
        try {
            return LogTail.lastLines(recorded.get().logFile(), maxLines);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Whether the group with the server's pid as its id is the server's: not after a reboot, nor when
     * the pid names a process with another start time (the server's group then has no member left,
     * since the kernel does not reuse a pid while its group lives).
     */
    private boolean groupIsTheServers(LocalServerState server) {
        return server.bootId().equals(bootId)
                && ProcessStat.read(server.pid()).map(now -> now.startTicks() == server.startTicks()).orElse(true);
    }

    private ServerStatus exitStatus(LocalServerState server) {
        SessionLauncher.Launched child = children.get(server.pid());
        if (child != null && child.startTicks() == server.startTicks()) {
            Integer code = SessionLauncher.exitCode(child.process());
            if (code != null) {
                return ServerStatus.stopped(code, "exited with status " + code);
            }
        }
        return ServerStatus.stopped(null, "process " + server.pid() + " is gone");
    }

    private static InetAddress bindableAddress(String bindHost) {
        try {
            InetAddress address = InetAddress.getByName(bindHost);
            new ServerSocket(0, 1, address).close();
            return address;
        } catch (IOException e) {
            throw new IllegalArgumentException("bindHost " + bindHost + " is not an address of this machine: " + e.getMessage(), e);
        }
    }

    private static Path requiredProgram(String name, String searchPath) {
        try {
            return Executables.find(name, searchPath);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the local spawner needs " + name + ": " + e.getMessage(), e);
        }
    }
}
