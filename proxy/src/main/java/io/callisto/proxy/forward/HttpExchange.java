package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.Failure;
import io.callisto.proxy.routes.Route;
import io.callisto.proxy.routes.Target;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One HTTP request forwarded to its route's target, and the response brought back. Bodies stream
 * both ways with backpressure, so a slow reader slows the writer instead of filling memory.
 *
 * <p>Outcomes: the target's response, relayed; 503 when the target cannot be reached or closes
 * before answering; 504 when it does not start answering within the response timeout after the
 * request was sent. When the client leaves early, or the target breaks off its response, the other
 * connection is closed too (never returned to the pool half-used). Activity is recorded on the
 * route only for responses below 300, as CHP does, so a down server does not look busy.
 *
 * <p>All callbacks run on the listener's event loop; the fields need no synchronisation.
 */
final class HttpExchange {

    private static final Logger LOG = Logger.getLogger(HttpExchange.class);

    private final PublicListener listener;
    private final HttpServerRequest request;
    private final Route route;
    private final long startNanos = System.nanoTime();
    private HttpClientRequest upstream;
    private long sentNanos;
    private long timeoutTimer = -1;
    private boolean timedOut;
    private boolean responseArrived;
    private boolean clientGone;
    private boolean finished;

    HttpExchange(PublicListener listener, HttpServerRequest request, Route route) {
        this.listener = listener;
        this.request = request;
        this.route = route;
    }

    void start() {
        request.pause();
        request.exceptionHandler(this::readFailed);
        request.response().exceptionHandler(e -> LOG.debugf("Answering %s %s failed: %s", request.method(), request.path(), e.getMessage()));
        request.response().closeHandler(v -> clientClosed());
        Target target = route.target();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.forwardedUri(PublicListener.originForm(request)));
        listener.client().request(options).onComplete(connected -> {
            if (connected.succeeded()) {
                send(connected.result());
            } else {
                fail(503, Failure.UNREACHABLE, connected.cause());
            }
        });
    }

    private void send(HttpClientRequest upstream) {
        if (clientGone) {
            upstream.reset();
            return;
        }
        this.upstream = upstream;
        upstream.exceptionHandler(e -> LOG.debugf("Forwarding %s %s failed: %s", request.method(), request.path(), e.getMessage()));
        ForwardedHeaders.copyRequest(request, upstream.headers(), request.isSSL() ? "https" : "http", false);
        if (ForwardedHeaders.isChunked(request)) {
            upstream.setChunked(true);
        }
        upstream.response().onComplete(this::answered);
        sentNanos = System.nanoTime();
        request.pipe().endOnFailure(false).to(upstream).onComplete(sent -> {
            request.exceptionHandler(this::readFailed);
            if (sent.succeeded()) {
                startResponseTimeout();
            } else if (!responseArrived) {
                upstream.reset();
            }
        });
    }

    private void startResponseTimeout() {
        if (responseArrived || finished) {
            return;
        }
        timeoutTimer = listener.getVertx().setTimer(listener.responseTimeoutMillis(), id -> {
            timeoutTimer = -1;
            timedOut = true;
            upstream.reset(0, new TimeoutException("no response within " + listener.responseTimeoutMillis() + " ms"));
        });
    }

    private void answered(AsyncResult<HttpClientResponse> answer) {
        responseArrived = true;
        cancelResponseTimeout();
        if (answer.failed()) {
            if (timedOut) {
                fail(504, Failure.TIMEOUT, answer.cause());
            } else {
                fail(503, Failure.UNREACHABLE, answer.cause());
            }
            return;
        }
        listener.metrics().upstreamLatency(System.nanoTime() - sentNanos);
        if (clientGone) {
            upstream.reset();
            return;
        }
        HttpClientResponse response = answer.result();
        int status = response.statusCode();
        listener.metrics().response(status);
        if (status < 300) {
            route.activity().touch();
        }
        ResponseRelay.relay(request, response).onSuccess(end -> {
            switch (end) {
                case COMPLETE -> {
                    finished = true;
                    if (status < 300) {
                        route.activity().touch();
                    }
                    listener.logAccess(request, status, startNanos);
                }
                case CLIENT_GONE -> clientClosed();
                case TARGET_GONE -> {
                    finished = true;
                    LOG.debugf("Target %s broke off its response to %s %s", route.target().url(),
                            request.method(), request.path());
                    listener.metrics().failure(Failure.TARGET_CLOSED);
                    request.response().reset();
                    upstream.reset();
                }
            }
        });
    }

    private void readFailed(Throwable e) {
        LOG.debugf("Reading %s %s failed: %s", request.method(), request.path(), e.getMessage());
    }

    /** The client's connection closed before the response ended. */
    private void clientClosed() {
        if (finished || clientGone) {
            return;
        }
        clientGone = true;
        cancelResponseTimeout();
        listener.metrics().failure(Failure.CLIENT_CLOSED);
        LOG.debugf("Client left %s %s before the end", request.method(), request.path());
        if (upstream != null) {
            upstream.reset();
        }
    }

    private void fail(int status, Failure failure, Throwable cause) {
        finished = true;
        if (clientGone) {
            return;
        }
        String what = status == 504
                ? "did not answer within " + listener.responseTimeoutMillis() + " ms"
                : "could not be reached (" + cause.getMessage() + ")";
        LOG.warnf("%d %s %s: target %s %s", status, request.method(), request.path(), route.target().url(), what);
        String detail = status == 504
                ? "The server for " + route.path() + " took too long to answer."
                : "The server for " + route.path() + " is not answering. It may be stopped or still starting;"
                        + " try again in a moment.";
        listener.errors().send(request, status, failure, detail);
        listener.logAccess(request, status, startNanos);
    }

    private void cancelResponseTimeout() {
        if (timeoutTimer >= 0) {
            listener.getVertx().cancelTimer(timeoutTimer);
            timeoutTimer = -1;
        }
    }
}
