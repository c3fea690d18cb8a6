package io.callisto.proxy.support;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A target server for the proxy: a Vert.x HTTP server on a free loopback port. */
public final class Backend implements AutoCloseable {

    private final HttpServer server;

    private Backend(HttpServer server) {
        this.server = server;
    }

    public static Backend start(Vertx vertx, Handler<HttpServerRequest> handler) {
        return start(vertx.createHttpServer().requestHandler(handler));
    }

    /** Starts {@code server}, already given its handlers. */
    public static Backend start(HttpServer server) {
        return new Backend(await(server.listen(0, "127.0.0.1")));
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        await(server.close());
    }

    /** Waits for a Vert.x future from test code. */
    public static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
