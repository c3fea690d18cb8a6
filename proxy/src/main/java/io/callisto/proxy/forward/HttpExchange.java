package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.Failure;
import io.callisto.proxy.routes.Route;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jboss.logging.Logger;

/**
 * One request forwarded to its route's target, and the response brought back. The request and
 * response objects the connections decoded are forwarded themselves, headers edited in place
 * ({@link ForwardedHeaders}); body buffers pass from one connection to the other without being
 * copied, and a side that cannot take more stops the other from reading (backpressure), so a body
 * of any size streams through in bounded memory.
 *
 * <p>Outcomes: the target's response, relayed; 503 when the target cannot be reached or closes
 * before answering; 504 when it does not start answering within the response timeout after the
 * request was sent. When the client leaves early, or the target breaks off its response, the other
 * connection is closed too (never returned to the pool half-used). Activity is recorded on the
 * route only for responses below 300, as CHP does, so a down server does not look busy.
 *
 * <p>A websocket handshake is an exchange too: it counts against its route's websocket limit,
 * keeps its {@code Upgrade} headers, and when the target answers 101 both connections are handed
 * to a {@link WebSocketTunnel}; any other answer is relayed as a response.
 *
 * <p>All callbacks run on the client connection's event loop; the fields need no synchronisation.
 */
final class HttpExchange extends Deadlines.Waiter implements ClientExchange, TargetUser {

    private static final Logger LOG = Logger.getLogger(HttpExchange.class);
    /** Body parts held while the target connection is being made, before reading from the client pauses. */
    private static final int MAX_WAITING_CONTENT = 16;

    private final LoopContext context;
    private final ClientConnection client;
    private final HttpRequest request;
    /** The request-target as the client sent it, for error pages. */
    private final String uri;
    private final Route route;
    private final String rawPath;
    private final boolean websocket;
    private final HttpMethod method;
    private final boolean clientSpeaks11;
    private final long startNanos = System.nanoTime();
    private ArrayDeque<HttpContent> waitingContent;
    private TargetConnection target;
    private long sentNanos;
    private int status;
    private boolean countedWebsocket;
    private boolean requestSent;
    private boolean responseStarted;
    private boolean skipInterimEnd;
    private boolean targetKeepsAlive;
    private boolean finished;
    private boolean clientGone;
    private boolean timedOut;
    private boolean clientPaused;
    private boolean targetPaused;

    HttpExchange(LoopContext context, ClientConnection client, HttpRequest request, Route route, String rawPath,
            boolean websocket) {
        this.context = context;
        this.client = client;
        this.request = request;
        this.uri = request.uri();
        this.route = route;
        this.rawPath = rawPath;
        this.websocket = websocket;
        this.method = request.method();
        this.clientSpeaks11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    }

    void start() {
        if (websocket) {
            int limit = context.settings.maxWebsocketsPerRoute();
            if (!route.activity().tryOpenWebsocket(limit)) {
                finished = true;
                LOG.warnf("503 websocket %s: route %s already has %d websockets open", rawPath, route.path(), limit);
                context.errors.sendOwn(client, 503, Failure.WEBSOCKET_LIMIT,
                        "Too many websocket connections to " + route.path() + " (limit " + limit + ").");
                return;
            }
            countedWebsocket = true;
        }
        context.targets.acquire(route.target(), this);
    }

    // ------------------------------------------------------------------------------- client side

    @Override
    public void requestContent(HttpContent content) {
        if (finished) {
            content.release();
            return;
        }
        if (target == null) {
            if (waitingContent == null) {
                waitingContent = new ArrayDeque<>(4);
            }
            waitingContent.add(content);
            if (waitingContent.size() >= MAX_WAITING_CONTENT) {
                pauseClient();
            }
            return;
        }
        target.write(content);
        if (content instanceof LastHttpContent) {
            target.flush();
            requestSent();
        } else if (!target.isWritable()) {
            pauseClient();
        }
    }

    @Override
    public void clientReadComplete() {
        if (target != null && !finished) {
            target.flush();
        }
    }

    @Override
    public void clientWritable() {
        if (targetPaused) {
            targetPaused = false;
            target.autoRead(true);
        }
    }

    @Override
    public void clientClosed() {
        if (clientGone || finished) {
            clientGone = true;
            return;
        }
        clientGone = true;
        finished = true;
        context.deadlines.end(this);
        context.metrics.failure(Failure.CLIENT_CLOSED);
        LOG.debugf("Client left %s %s before the end", method, rawPath);
        releaseWaitingContent();
        releaseWebsocket();
        if (target != null) {
            context.targets.discard(target);
            target = null;
        } else {
            context.targets.cancel(route.target(), this);
        }
    }

    // ------------------------------------------------------------------------------- target side

    @Override
    public void connected(TargetConnection connection) {
        if (finished) {
            context.targets.release(connection);
            return;
        }
        target = connection;
        ForwardedHeaders.prepareRequest(request, route.target(), client.address(), client.tls(), websocket);
        connection.write(request);
        boolean last = false;
        if (waitingContent != null) {
            HttpContent content;
            while ((content = waitingContent.poll()) != null) {
                connection.write(content);
                last = content instanceof LastHttpContent;
            }
        }
        connection.flush();
        if (last) {
            requestSent();
        }
        if (clientPaused && connection.isWritable()) {
            resumeClient();
        }
    }

    @Override
    public void connectFailed(Throwable cause) {
        fail(503, Failure.UNREACHABLE, "could not be reached (" + cause.getMessage() + ")");
    }

    @Override
    public void received(Object message) {
        if (finished) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse response) {
            responseHead(response);
        } else if (message instanceof LastHttpContent last) {
            if (skipInterimEnd) {
                skipInterimEnd = false;
                last.release();
            } else {
                responseEnd(last);
            }
        } else if (message instanceof HttpContent content) {
            client.write(content);
            if (!client.isWritable()) {
                targetPaused = true;
                target.autoRead(false);
            }
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    private void responseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            LOG.debugf("Target %s sent an unreadable response: %s", route.target().url(), response.decoderResult().cause());
            target.channel().close();
            return;
        }
        int code = response.status().code();
        if (code < 200 && code != 101) {
            skipInterimEnd = true;
            return;
        }
        responseStarted = true;
        status = code;
        context.deadlines.end(this);
        if (sentNanos != 0) {
            context.metrics.upstreamLatency(System.nanoTime() - sentNanos);
        }
        context.metrics.response(code);
        if (websocket) {
            if (code == 101) {
                upgrade(response);
                return;
            }
            releaseWebsocket();
        }
        if (code < 300) {
            route.activity().touch();
        }
        targetKeepsAlive = !websocket && HttpUtil.isKeepAlive(response);
        ForwardedHeaders.prepareResponse(response, method, clientSpeaks11);
        client.keepAliveHeader(response, ForwardedHeaders.isSelfDelimited(response, method));
        client.write(response);
    }

    private void responseEnd(LastHttpContent last) {
        finished = true;
        client.writeAndFlush(last);
        if (status < 300) {
            route.activity().touch();
        }
        context.logAccess(method.name(), rawPath, status, startNanos);
        TargetConnection used = target;
        target = null;
        if (requestSent && targetKeepsAlive) {
            context.targets.release(used);
        } else {
            context.targets.discard(used);
        }
        if (clientPaused) {
            resumeClient();
        }
        client.responseDone();
    }

    /** The target accepted the websocket: both connections, and the place under the route's limit, now belong to a tunnel. */
    private void upgrade(HttpResponse response) {
        finished = true;
        context.logAccess(method.name(), rawPath, status, startNanos);
        TargetConnection connection = target;
        target = null;
        countedWebsocket = false;
        WebSocketTunnel tunnel = new WebSocketTunnel(context, client, connection, route);
        connection.user(tunnel);
        connection.becomeTunnel();
        client.writeAndFlush(response);
        client.becomeTunnel(tunnel);
        if (clientPaused) {
            resumeClient();
        }
        tunnel.start();
    }

    @Override
    public void targetReadComplete() {
        if (!finished) {
            client.flush();
        }
    }

    @Override
    public void targetWritable() {
        if (clientPaused) {
            resumeClient();
        }
    }

    @Override
    public void targetClosed() {
        if (finished) {
            return;
        }
        target = null;
        context.deadlines.end(this);
        if (!responseStarted) {
            if (timedOut) {
                fail(504, Failure.TIMEOUT, "did not answer within " + context.settings.responseTimeoutMillis() + " ms");
            } else {
                fail(503, Failure.UNREACHABLE, "closed the connection before answering");
            }
            return;
        }
        finished = true;
        LOG.debugf("Target %s broke off its response to %s %s", route.target().url(), method, rawPath);
        context.metrics.failure(Failure.TARGET_CLOSED);
        client.close();
    }

    /** The target did not start answering in time: its connection is closed, which fails the exchange with 504. */
    @Override
    void deadlinePassed() {
        timedOut = true;
        if (target != null) {
            target.channel().close();
        }
    }

    // ------------------------------------------------------------------------------------ shared

    private void requestSent() {
        requestSent = true;
        if (!responseStarted && !finished) {
            sentNanos = System.nanoTime();
            context.deadlines.start(this, sentNanos);
        }
    }

    private void pauseClient() {
        clientPaused = true;
        client.autoRead(false);
    }

    private void resumeClient() {
        clientPaused = false;
        client.autoRead(true);
    }

    private void fail(int status, Failure failure, String what) {
        finished = true;
        releaseWaitingContent();
        releaseWebsocket();
        if (target != null) {
            context.targets.discard(target);
            target = null;
        }
        if (clientPaused) {
            resumeClient();
        }
        if (clientGone) {
            return;
        }
        LOG.warnf("%d %s %s: target %s %s", status, method, rawPath, route.target().url(), what);
        String detail = status == 504
                ? "The server for " + route.path() + " took too long to answer."
                : "The server for " + route.path() + " is not answering. It may be stopped or still starting;"
                        + " try again in a moment.";
        context.errors.send(client, uri, status, failure, detail);
        context.logAccess(method.name(), rawPath, status, startNanos);
    }

    private void releaseWaitingContent() {
        if (waitingContent != null) {
            waitingContent.forEach(ReferenceCountUtil::release);
            waitingContent.clear();
        }
    }

    /** Gives back this handshake's place under the route's websocket limit, once. */
    private void releaseWebsocket() {
        if (countedWebsocket) {
            countedWebsocket = false;
            route.activity().closeWebsocket();
        }
    }
}
