package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callisto.spawner.api.ServerStatus;
import io.callisto.spawner.api.SpawnException;
import io.callisto.spawner.api.SpawnRequest;
import io.callisto.spawner.api.StartedServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting servers with {@link LocalSpawner}: real processes of the fake single-user server. */
class LocalSpawnerStartTest {

    @TempDir
    Path directory;

    private FakeServers fakes;

    @BeforeEach
    void setUp() {
        fakes = new FakeServers(directory);
    }

    @AfterEach
    void tearDown() {
        fakes.close();
    }

    @Test
    void startReturnsTheUrlWithTheChosenPortAndTheServerAnswersThere() throws Exception {
        List<String> progress = new ArrayList<>();
        StartedServer server = fakes.start(fakes.spawner(), "alice", "", (percent, message) -> progress.add(percent + " " + message));

        String port = server.state().get("port").orElseThrow();
        assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/user/alice/"));
        assertThat(fakes.awaitAnswer(server.url())).isEqualTo("fake singleuser");
        assertThat(fakes.get(server.url().resolve("cwd"))).isEqualTo(fakes.workRoot().resolve("alice").toString());
        assertThat(progress).containsExactly(
                "10 Preparing the working directory",
                "30 Starting python3 on port " + port,
                "50 Server process " + server.state().get("pid").orElseThrow() + " started");
    }

    @Test
    void serverGetsTheRequestEnvironmentAndNothingElseOfTheHubs() throws Exception {
        StartedServer server = fakes.start(fakes.spawner(), "alice");
        fakes.awaitAnswer(server.url());

        Map<String, String> environment = environmentOf(server);
        assertThat(environment)
                .containsEntry("JUPYTERHUB_API_TOKEN", FakeServers.TOKEN)
                .containsEntry("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
                .containsEntry("JUPYTERHUB_SERVICE_URL", server.url().toString())
                .containsEntry("CALLISTO_EXTRA", "from-settings")
                .containsEntry("HOME", fakes.workRoot().resolve("alice").toString())
                .containsKeys("PATH", "LANG");
        Set<String> hubOnly = new HashSet<>(System.getenv().keySet());
        hubOnly.removeAll(ServerEnvironment.KEPT);
        hubOnly.removeAll(Set.of("HOME", "LC_CTYPE")); // set by the spawner; by Python for a C locale (PEP 538)
        assertThat(hubOnly).isNotEmpty();
        assertThat(environment).doesNotContainKeys(hubOnly.toArray(String[]::new));
    }

    @Test
    void logFileGetsTheOutputAndLogTailReturnsItsLastLines() throws Exception {
        LocalSpawner spawner = fakes.spawner("--lines", "2000");
        StartedServer server = fakes.start(spawner, "alice");
        fakes.awaitAnswer(server.url());

        Path logFile = fakes.logDirectory().resolve("alice.log");
        assertThat(server.state().get("logFile")).contains(logFile.toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spawner.logTail(server.state(), 3))
                .containsExactly("line 1999", "line 2000", "fake singleuser listening on 127.0.0.1:" + server.url().getPort()));
        assertThat(Files.readAllLines(logFile).get(0)).startsWith("[callisto] ").contains("starting alice's server");
    }

    @Test
    void serverThatFailsAtOnceIsReportedStoppedWithItsStatusAndOutput() throws Exception {
        LocalSpawner spawner = fakes.spawner("--fail", "4");
        StartedServer server = fakes.start(spawner, "alice");

        await().atMost(Duration.ofSeconds(10)).until(() -> !spawner.poll(server.state()).running());
        assertThat(spawner.poll(server.state())).isEqualTo(ServerStatus.stopped(4, "exited with status 4"));
        assertThat(spawner.logTail(server.state(), 1)).containsExactly("fake singleuser: cannot start: told to fail");
    }

    @Test
    void namedServersOfOneUserGetTheirOwnPortsAndLogs() throws Exception {
        LocalSpawner spawner = fakes.spawner();
        StartedServer main = fakes.start(spawner, "alice");
        StartedServer lab = fakes.start(spawner, "alice", "lab", (percent, message) -> { });

        assertThat(main.url().getPort()).isNotEqualTo(lab.url().getPort());
        assertThat(lab.url().getPath()).isEqualTo("/user/alice/lab/");
        assertThat(fakes.awaitAnswer(main.url())).isEqualTo("fake singleuser");
        assertThat(fakes.awaitAnswer(lab.url())).isEqualTo("fake singleuser");
        assertThat(main.state().get("logFile")).contains(fakes.logDirectory().resolve("alice.log").toString());
        assertThat(lab.state().get("logFile")).contains(fakes.logDirectory().resolve("alice--lab.log").toString());
    }

    @Test
    void serversStartedAtOnceFromManyThreadsAllRunOnTheirOwnPorts() throws Exception {
        LocalSpawner spawner = fakes.spawner();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<StartedServer>> starts = new ArrayList<>();
            for (String user : List.of("ann", "bob", "cid", "dee")) {
                starts.add(threads.submit(() -> fakes.start(spawner, user)));
            }
            Set<Integer> ports = new HashSet<>();
            for (Future<StartedServer> start : starts) {
                StartedServer server = start.get();
                ports.add(server.url().getPort());
                assertThat(fakes.awaitAnswer(server.url())).isEqualTo("fake singleuser");
            }
            assertThat(ports).hasSize(4);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void programNotFoundFailsTheStartAndLeavesNothingRunning() {
        var settings = new LocalSpawnerSettings(List.of("callisto-no-such-program"), Map.of(),
                fakes.workRoot(), fakes.logDirectory(), "127.0.0.1");
        Set<Long> childrenBefore = childPids();

        assertThatThrownBy(() -> new LocalSpawner(settings).start(FakeServers.request("alice", ""), (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessageStartingWith("Cannot start alice's server: callisto-no-such-program was not found on PATH ");
        assertThat(childPids()).isSubsetOf(childrenBefore);
    }

    @Test
    void programThatIsNotExecutableFailsTheStart() throws IOException {
        Path program = Files.writeString(directory.resolve("not-executable"), "#!/bin/sh\n");
        var settings = new LocalSpawnerSettings(List.of(program.toString()), Map.of(),
                fakes.workRoot(), fakes.logDirectory(), "127.0.0.1");

        assertThatThrownBy(() -> new LocalSpawner(settings).start(FakeServers.request("alice", ""), (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessage("Cannot start alice's server: " + program + " is not an executable file");
    }

    @Test
    void userNameThatWouldLeaveTheWorkRootIsRefused() {
        assertThatThrownBy(() -> fakes.spawner().start(FakeServers.request("..", ""), (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessage("'..' cannot name a working directory");
        assertThat(fakes.workRoot()).doesNotExist();
    }

    @Test
    void servicePrefixThatIsNotAUrlPathIsRefused() {
        var request = new SpawnRequest("alice", "", "user/alice?x=/", Map.of(), Map.of());

        assertThatThrownBy(() -> fakes.spawner().start(request, (p, m) -> { }))
                .isInstanceOf(SpawnException.class)
                .hasMessage("Cannot start alice's server: the service prefix is not a URL path: user/alice?x=/");
    }

    @Test
    void bindHostThatIsNotOfThisMachineIsRefusedAtConstruction() {
        var settings = new LocalSpawnerSettings(LocalSpawnerSettings.DEFAULT_COMMAND, Map.of(),
                fakes.workRoot(), fakes.logDirectory(), "192.0.2.1");

        assertThatThrownBy(() -> new LocalSpawner(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bindHost 192.0.2.1 is not an address of this machine");
    }

    private Map<String, String> environmentOf(StartedServer server) throws Exception {
        Map<String, String> environment = new HashMap<>();
        for (String line : fakes.get(server.url().resolve("env")).split("\n")) {
            int equals = line.indexOf('=');
            environment.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return environment;
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
