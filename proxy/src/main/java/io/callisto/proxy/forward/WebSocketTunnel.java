package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.Failure;
import io.callisto.proxy.routes.Route;
import io.callisto.proxy.routes.RouteActivity;
import io.callisto.proxy.routes.Target;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One websocket through the proxy. The handshake goes to the target first, with the client's
 * headers (sub-protocols, extensions, cookies, origin); only when the target answers 101 does the
 * client get the target's own 101, and from then on both connections carry raw bytes, so frames of
 * any size, pings and close codes pass through unchanged. Any other answer is relayed as an
 * ordinary response.
 *
 * <p>Each open tunnel counts against its route's websocket limit (503 when full) and every read in
 * either direction counts as activity on the route. Closing either side closes the other.
 */
final class WebSocketTunnel {

    private static final Logger LOG = Logger.getLogger(WebSocketTunnel.class);

    private final PublicListener listener;
    private final HttpServerRequest request;
    private final Route route;
    private final RouteActivity activity;
    private final long startNanos = System.nanoTime();
    private HttpClientRequest upstream;
    private long sentNanos;
    private long timeoutTimer = -1;
    private boolean timedOut;
    private boolean counted;
    private boolean upgraded;
    private boolean clientGone;

    WebSocketTunnel(PublicListener listener, HttpServerRequest request, Route route) {
        this.listener = listener;
        this.request = request;
        this.route = route;
        this.activity = route.activity();
    }

    void open() {
        int limit = listener.maxWebsocketsPerRoute();
        if (!activity.tryOpenWebsocket(limit)) {
            LOG.warnf("503 websocket %s: route %s already has %d websockets open", request.path(), route.path(), limit);
            listener.errors().sendOwn(request, 503, Failure.WEBSOCKET_LIMIT,
                    "Too many websocket connections to " + route.path() + " (limit " + limit + ").");
            return;
        }
        counted = true;
        request.exceptionHandler(e -> LOG.debugf("Websocket request %s failed: %s", request.path(), e.getMessage()));
        request.response().closeHandler(v -> clientClosedBeforeUpgrade());
        Target target = route.target();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.forwardedUri(PublicListener.originForm(request)));
        listener.client().request(options).onComplete(connected -> {
            if (connected.succeeded()) {
                handshake(connected.result());
            } else {
                fail(503, Failure.UNREACHABLE, connected.cause());
            }
        });
    }

    private void handshake(HttpClientRequest upstream) {
        if (clientGone) {
            upstream.reset();
            return;
        }
        this.upstream = upstream;
        upstream.exceptionHandler(e -> LOG.debugf("Websocket handshake %s failed: %s", request.path(), e.getMessage()));
        ForwardedHeaders.copyRequest(request, upstream.headers(), request.isSSL() ? "wss" : "ws", true);
        sentNanos = System.nanoTime();
        timeoutTimer = listener.getVertx().setTimer(listener.responseTimeoutMillis(), id -> {
            timeoutTimer = -1;
            timedOut = true;
            upstream.reset(0, new TimeoutException("no handshake within " + listener.responseTimeoutMillis() + " ms"));
        });
        upstream.connect().onComplete(this::answered);
    }

    private void answered(AsyncResult<HttpClientResponse> answer) {
        if (timeoutTimer >= 0) {
            listener.getVertx().cancelTimer(timeoutTimer);
            timeoutTimer = -1;
        }
        if (answer.failed()) {
            fail(timedOut ? 504 : 503, timedOut ? Failure.TIMEOUT : Failure.UNREACHABLE, answer.cause());
            return;
        }
        listener.metrics().upstreamLatency(System.nanoTime() - sentNanos);
        HttpClientResponse response = answer.result();
        if (clientGone) {
            upstream.reset();
            return;
        }
        listener.metrics().response(response.statusCode());
        listener.logAccess(request, response.statusCode(), startNanos);
        if (response.statusCode() != 101) {
            release();
            ResponseRelay.relay(request, response).onSuccess(end -> {
                if (end != ResponseRelay.End.COMPLETE) {
                    request.response().reset();
                    upstream.reset();
                }
            });
            return;
        }
        NetSocket targetSocket = response.netSocket();
        targetSocket.pause();
        request.response().setStatusCode(101);
        response.headers().forEach(header -> request.response().headers().add(header.getKey(), header.getValue()));
        upgraded = true;
        request.toNetSocket().onComplete(client -> {
            if (client.succeeded()) {
                splice(client.result(), targetSocket);
            } else {
                LOG.debugf("Websocket %s could not take over the client connection: %s", request.path(),
                        client.cause().getMessage());
                targetSocket.close();
                release();
            }
        });
    }

    private void splice(NetSocket client, NetSocket target) {
        listener.metrics().websocketOpened();
        activity.touch();
        boolean[] closed = {false};
        Runnable closeBoth = () -> {
            if (!closed[0]) {
                closed[0] = true;
                client.close();
                target.close();
                release();
                listener.metrics().websocketClosed();
            }
        };
        forward(client, target);
        forward(target, client);
        client.closeHandler(v -> closeBoth.run());
        target.closeHandler(v -> closeBoth.run());
        client.exceptionHandler(e -> LOG.debugf("Websocket %s, client side: %s", request.path(), e.getMessage()));
        target.exceptionHandler(e -> LOG.debugf("Websocket %s, target side: %s", request.path(), e.getMessage()));
        target.resume();
    }

    /** Copies bytes from one socket to the other, pausing the reader while the writer's queue is full. */
    private void forward(NetSocket from, NetSocket to) {
        from.handler(bytes -> {
            activity.touch();
            to.write(bytes);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
    }

    private void clientClosedBeforeUpgrade() {
        if (upgraded || clientGone) {
            return;
        }
        clientGone = true;
        listener.metrics().failure(Failure.CLIENT_CLOSED);
        release();
        if (upstream != null) {
            upstream.reset();
        }
    }

    private void fail(int status, Failure failure, Throwable cause) {
        release();
        if (clientGone) {
            return;
        }
        String what = status == 504
                ? "did not answer within " + listener.responseTimeoutMillis() + " ms"
                : "could not be reached (" + cause.getMessage() + ")";
        LOG.warnf("%d websocket %s: target %s %s", status, request.path(), route.target().url(), what);
        String detail = status == 504
                ? "The server for " + route.path() + " took too long to accept the websocket."
                : "The server for " + route.path() + " is not answering. It may be stopped or still starting;"
                        + " try again in a moment.";
        listener.errors().send(request, status, failure, detail);
    }

    /** Gives back this tunnel's place under the route's websocket limit, once. */
    private void release() {
        if (counted) {
            counted = false;
            activity.closeWebsocket();
        }
    }
}
