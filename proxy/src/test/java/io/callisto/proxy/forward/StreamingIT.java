package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callisto.proxy.support.Backend;
import io.callisto.proxy.support.Http;
import io.callisto.proxy.support.PatternStream;
import io.callisto.proxy.support.ProxyProcess;
import io.callisto.proxy.support.RawHttp;
import io.callisto.proxy.support.RoutesClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large bodies and connections that end early. The launcher caps the proxy's heap at 64 MiB and
 * its direct memory at 32 MiB, so a 100 MiB body only gets through if it is streamed.
 */
class StreamingIT {

    private static final long HUNDRED_MIB = 100L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private static Vertx vertx;
    private static Backend backend;
    private static ProxyProcess proxy;
    private static final AtomicLong received = new AtomicLong();
    private static volatile CompletableFuture<Long> uploadCut = new CompletableFuture<>();
    private static volatile CompletableFuture<Void> downloadCut = new CompletableFuture<>();
    /** Requests to /user/alice/hold, not answered until a test does. */
    private static final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        backend = Backend.start(vertx, StreamingIT::serve);
        proxy = ProxyProcess.start("streaming", Map.of());
        new RoutesClient(proxy).add("/user/alice", backend.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        proxy.close();
        Backend.await(vertx.close());
    }

    private static void serve(HttpServerRequest request) {
        switch (request.path()) {
            case "/user/alice/upload" -> {
                CRC32 crc = new CRC32();
                long[] bytes = {0};
                request.handler(chunk -> {
                    bytes[0] += chunk.length();
                    crc.update(chunk.getBytes());
                });
                request.endHandler(v -> request.response().end(bytes[0] + " " + crc.getValue()));
            }
            case "/user/alice/upload-cut" -> {
                received.set(0);
                request.handler(chunk -> received.addAndGet(chunk.length()));
                request.exceptionHandler(e -> uploadCut.complete(received.get()));
            }
            case "/user/alice/download" -> {
                request.response().setChunked(true);
                writePattern(request.response(), new PatternStream(HUNDRED_MIB), true);
            }
            case "/user/alice/endless" -> {
                request.response().setChunked(true).closeHandler(v -> downloadCut.complete(null));
                writePattern(request.response(), new PatternStream(Long.MAX_VALUE), false);
            }
            case "/user/alice/truncated" -> request.response()
                    .putHeader("Content-Length", Long.toString(10L * 1024 * 1024))
                    .write(Buffer.buffer(new byte[1024 * 1024]))
                    .onComplete(written -> request.connection().close());
            case "/user/alice/hold" -> held.add(request);
            case "/user/alice/quick" -> request.response().end("quick");
            default -> request.response().setStatusCode(404).end();
        }
    }

    /**
     * Long requests to one target (a storm's waiting starts and progress streams, all to the hub) each
     * hold a connection to it: more of them than the old limit of 200 per event loop are all passed on,
     * and a quick request to the same target is not queued behind them.
     */
    @Test
    void manyLongRequestsToOneTargetAreAllPassedOnAndAQuickOneIsNotHeldBehindThem() throws Exception {
        int longRequests = 600;
        List<RawHttp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < longRequests; i++) {
                RawHttp client = new RawHttp(proxy.port());
                client.sendHead("GET /user/alice/hold HTTP/1.1\r\nHost: proxy\r\n");
                clients.add(client);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> held.size() == longRequests);

            try (RawHttp quick = new RawHttp(proxy.port())) {
                quick.sendHead("GET /user/alice/quick HTTP/1.1\r\nHost: proxy\r\n");
                assertThat(quick.readOkBody()).isEqualTo("quick");
            }
            held.forEach(request -> request.response().end("released"));
            for (RawHttp client : clients) {
                assertThat(client.readOkBody()).isEqualTo("released");
            }
        } finally {
            held.clear();
            for (RawHttp client : clients) {
                client.close();
            }
        }
    }

    /** Writes the pattern as fast as the connection takes it, waiting whenever its queue is full. */
    private static void writePattern(HttpServerResponse response, PatternStream pattern, boolean end) {
        byte[] chunk = new byte[CHUNK];
        while (!response.closed()) {
            int n = pattern.read(chunk, 0, CHUNK);
            if (n < 0) {
                if (end) {
                    response.end();
                }
                return;
            }
            response.write(Buffer.buffer(Arrays.copyOf(chunk, n)));
            if (response.writeQueueFull()) {
                response.drainHandler(v -> writePattern(response, pattern, end));
                return;
            }
        }
    }

    @Test
    void aHundredMebibyteUploadStreamsThroughIntact() {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(HUNDRED_MIB)), HUNDRED_MIB))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(HUNDRED_MIB + " " + PatternStream.crc(HUNDRED_MIB));
        assertThat(proxy.isAlive()).isTrue();
    }

    @Test
    void aChunkedUploadStreamsThroughIntact() {
        long size = 8L * 1024 * 1024 + 17;
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size))).build());

        assertThat(response.body()).isEqualTo(size + " " + PatternStream.crc(size));
    }

    @Test
    void aHundredMebibyteDownloadStreamsThroughIntact() throws Exception {
        HttpResponse<InputStream> response = Http.send(HttpRequest.newBuilder(proxy.url("/user/alice/download")).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        CRC32 crc = new CRC32();
        long bytes = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[CHUNK];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                crc.update(buffer, 0, n);
                bytes += n;
            }
        }
        assertThat(bytes).isEqualTo(HUNDRED_MIB);
        assertThat(crc.getValue()).isEqualTo(PatternStream.crc(HUNDRED_MIB));
        assertThat(proxy.isAlive()).isTrue();
    }

    @Test
    void aClientLeavingMidUploadCutsTheTargetConnectionQuietly() throws Exception {
        uploadCut = new CompletableFuture<>();
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("POST /user/alice/upload-cut HTTP/1.1\r\nHost: proxy\r\nContent-Length: " + 50 * 1024 * 1024 + "\r\n");
            OutputStream out = raw.output();
            out.write(new byte[1024 * 1024]);
            out.flush();
            await().until(() -> received.get() >= 512 * 1024);
        }

        assertThat(uploadCut.get(30, TimeUnit.SECONDS)).isLessThan(50L * 1024 * 1024);
        proxy.assertHealthyAfter("client_closed");
    }

    @Test
    void aClientLeavingMidDownloadCutsTheTargetConnection() throws Exception {
        downloadCut = new CompletableFuture<>();
        try (RawHttp raw = new RawHttp(proxy.port())) {
            raw.sendHead("GET /user/alice/endless HTTP/1.1\r\nHost: proxy\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 200");
            raw.input().readNBytes(1024 * 1024);
        }

        downloadCut.get(30, TimeUnit.SECONDS);
        proxy.assertHealthyAfter("client_closed");
    }

    @Test
    void aTargetBreakingOffItsResponseCutsTheClientConnection() {
        HttpRequest request = HttpRequest.newBuilder(proxy.url("/user/alice/truncated")).build();

        assertThatThrownBy(() -> Http.send(request, HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(UncheckedIOException.class);
        proxy.assertHealthyAfter("target_closed");
    }
}
