package io.callisto.spawner.kubernetes;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The mock cluster as a process of its own, for benchmarks: the mock API server on a given port
 * and a simulated kubelet that runs no process but points every pod at one lightweight shared
 * backend, which answers every request with 200.
 *
 * <p>Usage: {@code MockClusterMain <api-port> <backend-port> <work-directory> [kubelet-threads]};
 * prints {@code mock cluster ready: <api url>} and runs until killed.
 */
public final class MockClusterMain {

    private MockClusterMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int apiPort = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), 1024);
        byte[] body = "shared backend\n".getBytes(StandardCharsets.UTF_8);
        backend.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.setExecutor(Executors.newFixedThreadPool(4));
        backend.start();
        MockCluster cluster = new MockCluster(work, apiPort, threads);
        cluster.kubelet().sharedBackend("127.0.0.1");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            backend.stop(0);
        }));
        System.out.println("mock cluster ready: " + cluster.directUrl() + " (backend 127.0.0.1:" + backendPort + ")");
        new CountDownLatch(1).await();
    }
}
