package io.callisto.hub.servers;

import static io.callisto.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.hub.testing.HubTestResource;
import io.callisto.hub.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts wait for {@link SpawnTransactions} without holding request threads: with its one thread busy,
 * more starts than there are request threads are in flight, the rest of the API still answers, and
 * every start is answered and run to its end once the thread is free.
 */
@QuarkusTest
@TestProfile(StartQueueProfile.class)
@QuarkusTestResource(HubTestResource.class)
class StartQueueTest {

    private static final int STARTS = StartQueueProfile.REQUEST_THREADS * 3;

    @TestHTTPResource("/")
    URL hub;

    @Inject
    SpawnTransactions transactions;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(hub.toString().replaceAll("/$", "") + path))
                .header("Authorization", "token " + HubTestResource.ADMIN_TOKEN).timeout(Duration.ofSeconds(60));
    }

    private static ServerStatus status(String user) {
        return QuarkusTransaction.requiringNew().call(() -> Server.of(User.byName(user).orElseThrow(), "")
                .map(s -> s.status).orElse(ServerStatus.STOPPED));
    }

    /** Keeps the one start-transaction thread busy until {@code release} (two minutes at most). */
    private CompletableFuture<Boolean> occupyTheThreadUntil(CountDownLatch release) {
        return transactions.submit(() -> {
            try {
                return release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void startsQueuedBehindABusyTransactionThreadLeaveTheApiAnsweringAndAllEnd() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            users.add("crash-queued-" + i);
        }
        asAdmin().contentType("application/json").body("{\"usernames\": [\"" + String.join("\", \"", users) + "\"]}")
                .post("/hub/api/users").then().statusCode(201);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> busy = occupyTheThreadUntil(release);

        List<CompletableFuture<HttpResponse<String>>> starts = users.stream()
                .map(user -> http.sendAsync(request("/hub/api/users/" + user + "/server?wait=0")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> transactions.queued() == STARTS);
        HttpResponse<String> read = http.send(request("/hub/api/users/" + users.get(0)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(starts).noneMatch(CompletableFuture::isDone);
        assertThat(users).allMatch(user -> status(user) == ServerStatus.STOPPED);

        release.countDown();
        busy.join();
        for (CompletableFuture<HttpResponse<String>> start : starts) {
            assertThat(start.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> users.stream().allMatch(user -> status(user) == ServerStatus.FAILED));
    }

    /**
     * A start under way goes on before new starts are recorded: with the one thread busy, a piece of a
     * start under way given after two new starts still runs first, and new starts in their order.
     */
    @Test
    void piecesOfStartsUnderWayRunBeforeNewStarts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> busy = occupyTheThreadUntil(release);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Boolean>> pieces = List.of(
                transactions.submitStart(() -> ran.add("first new start")),
                transactions.submitStart(() -> ran.add("second new start")),
                transactions.submit(() -> ran.add("start under way")));
        await().atMost(Duration.ofSeconds(10)).until(() -> transactions.queued() == 3);

        release.countDown();
        busy.join();
        CompletableFuture.allOf(pieces.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("start under way", "first new start", "second new start");
    }

    /**
     * Start requests whose bodies are slow to arrive (a burst of them, from clients or the proxy, under
     * load) wait for them without holding request threads: with more of them open than there are
     * threads, a read is still answered. Bodies with a length and bodies in chunks alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 2", "Transfer-Encoding: chunked"})
    void startRequestsWaitingForTheirBodiesHoldNoRequestThread(String bodyHeader) throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < STARTS; i++) {
                Socket socket = new Socket(hub.getHost(), hub.getPort());
                socket.getOutputStream().write(("POST /hub/api/users/crash-slow-" + i + "/server HTTP/1.1\r\nHost: hub\r\n"
                        + "Authorization: token " + HubTestResource.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
                        + bodyHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            Thread.sleep(500);

            HttpResponse<String> read = http.send(request("/hub/api/").GET().timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
