package io.callisto.hub.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.callisto.spawner.api.ProgressListener;
import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.ServerStatus;
import io.callisto.spawner.api.SpawnRequest;
import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.api.StartedServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting for started servers to answer, without a thread per server. */
class ReadinessTest {

    private final Readiness readiness = new Readiness();
    private volatile ServerStatus status = ServerStatus.RUNNING;
    private HttpServer server;

    ReadinessTest() {
        readiness.spawner = new Spawner() {
            @Override
            public StartedServer start(SpawnRequest request, ProgressListener progress) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ServerStatus poll(ServerState state) {
                return status;
            }

            @Override
            public void stop(ServerState state, Duration grace) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> logTail(ServerState state, int maxLines) {
                return List.of();
            }
        };
    }

    @AfterEach
    void stop() {
        readiness.shutdown();
        if (server != null) {
            server.stop(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static StartedServer at(int port, String user) {
        return new StartedServer(URI.create("http://127.0.0.1:" + port + "/user/" + user + "/"),
                new ServerState(Map.of("pid", "1")));
    }

    private static CompletableFuture<Boolean> wanted() {
        return CompletableFuture.completedFuture(true);
    }

    @Test
    void manyServersNotAnsweringYetAreWaitedForWithoutAThreadEachAndAllReadyOnceTheyAnswer() throws Exception {
        int servers = 200;
        int port = freePort();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<CompletableFuture<Readiness.Result>> waits = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            waits.add(readiness.await(at(port, "u" + i), Duration.ofMinutes(1), ReadinessTest::wanted));
        }
        Thread.sleep(1000);

        assertThat(waits).noneMatch(CompletableFuture::isDone);
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore).isLessThan(servers / 4);

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        for (CompletableFuture<Readiness.Result> wait : waits) {
            assertThat(wait.get(30, TimeUnit.SECONDS)).isEqualTo(Readiness.Result.READY);
        }
    }

    @Test
    void aStopWhileWaitingCancelsTheWaitAndAServerThatExitsEndsIt() throws Exception {
        int port = freePort();
        AtomicInteger lookups = new AtomicInteger();
        CompletableFuture<Readiness.Result> stopped = readiness.await(at(port, "stopped"), Duration.ofMinutes(1), () -> {
            lookups.incrementAndGet();
            return CompletableFuture.completedFuture(false);
        });
        assertThat(stopped.get(30, TimeUnit.SECONDS)).isEqualTo(Readiness.Result.CANCELLED);
        assertThat(lookups).hasValue(1);

        CompletableFuture<Readiness.Result> exiting = readiness.await(at(port, "exiting"), Duration.ofMinutes(1), ReadinessTest::wanted);
        await().pollDelay(Duration.ofMillis(500)).until(() -> !exiting.isDone());
        status = ServerStatus.stopped(1, "exited with status 1");
        assertThat(exiting.get(30, TimeUnit.SECONDS)).isEqualTo(Readiness.Result.EXITED);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        CompletableFuture<Readiness.Result> wait = readiness.await(at(freePort(), "silent"), Duration.ofMillis(700), ReadinessTest::wanted);

        assertThat(wait.get(30, TimeUnit.SECONDS)).isEqualTo(Readiness.Result.TIMED_OUT);
    }
}
