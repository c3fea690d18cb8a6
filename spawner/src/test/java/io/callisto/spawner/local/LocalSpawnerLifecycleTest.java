package io.callisto.spawner.local;

import static io.callisto.spawner.local.FakeServers.isLive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.ServerStatus;
import io.callisto.spawner.api.StartedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polling and stopping servers of {@link LocalSpawner}, including servers another instance started. */
class LocalSpawnerLifecycleTest {

    private static final Duration GRACE = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    private FakeServers fakes;
    private Process bystander;

    @BeforeEach
    void setUp() {
        fakes = new FakeServers(directory);
    }

    @AfterEach
    void tearDown() {
        fakes.close();
        if (bystander != null) {
            bystander.destroyForcibly();
        }
    }

    @Test
    void pollReportsRunningThenTheExitStatus() throws Exception {
        LocalSpawner spawner = fakes.spawner();
        StartedServer server = fakes.start(spawner, "alice");
        fakes.awaitAnswer(server.url());
        assertThat(spawner.poll(server.state())).isEqualTo(ServerStatus.RUNNING);

        fakes.get(server.url().resolve("exit/3"));

        await().atMost(GRACE).until(() -> !spawner.poll(server.state()).running());
        assertThat(spawner.poll(server.state())).isEqualTo(ServerStatus.stopped(3, "exited with status 3"));
    }

    @Test
    void anotherSpawnerAdoptsAServerFromItsStateAlone() throws Exception {
        LocalSpawner first = fakes.spawner();
        StartedServer server = fakes.start(first, "alice");
        fakes.awaitAnswer(server.url());
        long pid = pid(server);

        LocalSpawner second = fakes.spawner();
        assertThat(second.poll(server.state())).isEqualTo(ServerStatus.RUNNING);
        assertThat(second.logTail(server.state(), 1)).containsExactly("fake singleuser listening on 127.0.0.1:" + server.url().getPort());
        second.stop(server.state(), GRACE);

        assertThat(isLive(pid)).isFalse();
        assertThat(second.poll(server.state())).isEqualTo(ServerStatus.stopped(null, "process " + pid + " is gone"));
        assertThat(first.poll(server.state())).isEqualTo(ServerStatus.stopped(143, "exited with status 143"));
    }

    @Test
    void stopKillsTheWholeProcessGroupAndChildrenInSessionsOfTheirOwn() throws Exception {
        StartedServer server = fakes.start(fakes.spawner("--child", "--session-child"), "alice");
        long child = awaitPidFile("alice", "child.pid");
        long kernel = awaitPidFile("alice", "session-child.pid");
        assertThat(isLive(child)).isTrue();
        assertThat(ProcessStat.read(kernel).orElseThrow().leadsItsOwnSession()).isTrue();

        fakes.spawner().stop(server.state(), GRACE);

        assertThat(isLive(pid(server))).isFalse();
        assertThat(isLive(child)).isFalse();
        assertThat(isLive(kernel)).isFalse();
    }

    @Test
    void stopEscalatesToSigkillWhenTheGroupIgnoresSigterm() throws Exception {
        LocalSpawner spawner = fakes.spawner("--ignore-term", "--child", "--session-child");
        StartedServer server = fakes.start(spawner, "alice");
        fakes.awaitAnswer(server.url());
        long child = awaitPidFile("alice", "child.pid");
        long kernel = awaitPidFile("alice", "session-child.pid");

        long began = System.nanoTime();
        spawner.stop(server.state(), Duration.ofSeconds(1));

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(Duration.ofSeconds(1), GRACE);
        assertThat(isLive(child)).isFalse();
        assertThat(isLive(kernel)).isFalse();
        assertThat(spawner.poll(server.state())).isEqualTo(ServerStatus.stopped(null, "process " + pid(server) + " is gone"));
    }

    @Test
    void stopIsIdempotent() throws Exception {
        LocalSpawner spawner = fakes.spawner();
        StartedServer server = fakes.start(spawner, "alice");

        spawner.stop(server.state(), GRACE);
        spawner.stop(server.state(), GRACE);
        spawner.stop(ServerState.EMPTY, GRACE);

        assertThat(spawner.poll(server.state()).running()).isFalse();
    }

    @Test
    void stateWhosePidNowNamesAnotherProcessIsStoppedAndThatProcessIsLeftAlone() throws Exception {
        ProcessStat other = startBystander();
        ServerState reused = stateOf(other.pid(), other.startTicks() + 1, ProcessStat.currentBootId());
        LocalSpawner spawner = fakes.spawner();

        assertThat(spawner.poll(reused))
                .isEqualTo(ServerStatus.stopped(null, "process " + other.pid() + " is gone (its pid now names another process)"));
        spawner.stop(reused, Duration.ZERO);

        assertThat(bystander.isAlive()).isTrue();
    }

    @Test
    void stateFromAnEarlierBootIsStoppedAndItsPidLeftAlone() throws Exception {
        ProcessStat other = startBystander();
        ServerState beforeReboot = stateOf(other.pid(), other.startTicks(), "00000000-0000-0000-0000-000000000000");
        LocalSpawner spawner = fakes.spawner();

        assertThat(spawner.poll(beforeReboot))
                .isEqualTo(ServerStatus.stopped(null, "process " + other.pid() + " ran before this machine last booted"));
        spawner.stop(beforeReboot, Duration.ZERO);

        assertThat(bystander.isAlive()).isTrue();
    }

    @Test
    void zombieCountsAsStopped() throws Exception {
        LocalSpawner spawner = fakes.spawner("--zombie-child");
        fakes.start(spawner, "alice");
        long zombie = awaitPidFile("alice", "zombie.pid");
        await().atMost(GRACE).until(() -> ProcessStat.read(zombie).map(s -> s.state() == 'Z').orElse(false));
        ProcessStat stat = ProcessStat.read(zombie).orElseThrow();

        ServerState state = stateOf(zombie, stat.startTicks(), ProcessStat.currentBootId());

        assertThat(spawner.poll(state)).isEqualTo(ServerStatus.stopped(null, "process " + zombie + " is gone"));
    }

    @Test
    void stateThatIsNotALocalSpawnersIsStopped() {
        ServerState foreign = new ServerState(Map.of("pod", "jupyter-alice"));

        assertThat(fakes.spawner().poll(foreign))
                .isEqualTo(ServerStatus.stopped(null, "no local process is recorded for this server"));
        assertThat(fakes.spawner().logTail(foreign, 10)).isEmpty();
    }

    /** An unrelated process that leads its own group, the worst case for a stray group kill. */
    private ProcessStat startBystander() throws Exception {
        bystander = new ProcessBuilder("/usr/bin/setsid", "/bin/sleep", "600").start();
        return await().atMost(GRACE)
                .until(() -> ProcessStat.read(bystander.pid()), stat -> stat.map(ProcessStat::leadsItsOwnSession).orElse(false))
                .orElseThrow();
    }

    private ServerState stateOf(long pid, long startTicks, String bootId) {
        return new LocalServerState(pid, startTicks, bootId, "127.0.0.1", 9, directory.resolve("none.log")).toServerState();
    }

    private long awaitPidFile(String user, String name) throws IOException {
        Path file = fakes.workRoot().resolve(user).resolve(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
        return Long.parseLong(Files.readString(file).trim());
    }

    private static long pid(StartedServer server) {
        return Long.parseLong(server.state().get("pid").orElseThrow());
    }
}
