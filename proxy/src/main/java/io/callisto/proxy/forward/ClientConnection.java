package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.Failure;
import io.callisto.proxy.routes.Route;
import io.callisto.proxy.routes.RoutePath;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.jboss.logging.Logger;

/**
 * A browser's connection to the public listener, the last handler of its pipeline. Each request is
 * matched against the route table and handed to an {@link HttpExchange} (websocket handshakes
 * included), or answered here: CHP's health check, 400 for a malformed path or request, 404 with no
 * route, 414 and 431 for a request line or header block over the limits, {@code 100 Continue} to
 * a request that expects it (417 to any other expectation).
 *
 * <p>The connection stays open between requests unless the client asks otherwise (HTTP/1.0 without
 * {@code keep-alive}, or {@code Connection: close}) or a response's end can only be told by closing.
 *
 * <p>One request is handled at a time. Requests a client pipelines behind it wait, decoded, until
 * the current response has ended; past {@link #MAX_QUEUED} waiting messages the connection stops
 * reading.
 *
 * <p>A request head must arrive whole within {@code timeouts.header}: counted from the connection's
 * opening, and between requests from the first read that brings bytes but no whole message. Past
 * it the client gets 408 and the connection closes (a slowloris client, sending its head a byte at
 * a time, would otherwise hold the connection for the whole idle timeout). After a websocket handshake the connection carries raw bytes for its
 * {@link WebSocketTunnel}.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    /** CHP's health check, answered on the public port without touching routes. */
    static final String HEALTH_PATH = "/_chp_healthz";
    private static final int MAX_QUEUED = 64;
    private static final Logger LOG = Logger.getLogger(ClientConnection.class);

    private final LoopContext context;
    private Channel channel;
    private IdleTimeouts.Watch watch;
    private String address;
    private ClientExchange current;
    private boolean keepAlive;
    private boolean keepAliveByDefault;
    private boolean requestComplete;
    private boolean responseComplete;
    private ArrayDeque<Object> queued;
    private boolean pausedForQueue;
    private WebSocketTunnel tunnel;
    /** Whether the current read brought a whole message; a read that brought none starts the head's wait. */
    private boolean readMessage;
    private final Deadlines.Waiter headWait = new Deadlines.Waiter() {
        @Override
        void deadlinePassed() {
            headTooSlow();
        }
    };

    ClientConnection(LoopContext context) {
        this.context = context;
    }

    /** The client's IP address. */
    String address() {
        return address;
    }

    boolean tls() {
        return context.settings.tls();
    }

    boolean isActive() {
        return channel.isActive();
    }

    /** Writes without flushing. */
    void write(Object message) {
        context.idle.seen(watch);
        channel.write(message, channel.voidPromise());
    }

    void writeAndFlush(Object message) {
        context.idle.seen(watch);
        channel.writeAndFlush(message, channel.voidPromise());
    }

    /**
     * Says in the response's {@code Connection} header whether the connection stays open after it;
     * it closes after this response when the client asked for that, or when the response's body has
     * no length and is not chunked, so only closing can end it.
     */
    void keepAliveHeader(HttpResponse response, boolean selfDelimited) {
        if (!selfDelimited) {
            keepAlive = false;
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!keepAliveByDefault) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    void flush() {
        channel.flush();
    }

    boolean isWritable() {
        return channel.isWritable();
    }

    /** Pauses or resumes reading from the client (backpressure); queued pipelined requests keep it paused. */
    void autoRead(boolean on) {
        channel.config().setAutoRead(on && !pausedForQueue);
    }

    /** Closes the connection once what was written has been flushed. */
    void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Sends a response made here, whole; the request's body, if still arriving, is dropped. */
    void respond(FullHttpResponse response, boolean closeAfter) {
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (closeAfter) {
            keepAlive = false;
        }
        keepAliveHeader(response, true);
        writeAndFlush(response);
        responseDone();
    }

    /**
     * The current response has been written whole: the connection closes if it is not kept alive,
     * else the next request may start once this one's body is in.
     */
    void responseDone() {
        responseComplete = true;
        if (!keepAlive) {
            current = null;
            releaseQueued();
            close();
        } else if (requestComplete) {
            next();
        }
    }

    /** The handshake succeeded: from now on the connection carries raw bytes for {@code tunnel}. */
    void becomeTunnel(WebSocketTunnel tunnel) {
        this.tunnel = tunnel;
        current = null;
        releaseQueued();
        channel.pipeline().remove(HttpServerCodec.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        watch = context.idle.watch(channel);
        address = channel.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? remote.getAddress().getHostAddress() : "";
        context.heads.start(headWait, System.nanoTime());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        context.idle.forget(watch);
        context.heads.end(headWait);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        context.idle.seen(watch);
        readMessage = true;
        if (message instanceof HttpRequest) {
            context.heads.end(headWait);
        }
        if (tunnel != null) {
            tunnel.fromClient(message);
        } else if (current != null && requestComplete) {
            queue(message);
        } else {
            dispatch(message);
        }
    }

    private void dispatch(Object message) {
        if (message instanceof HttpRequest request) {
            current = ClientExchange.DISCARD;
            requestComplete = false;
            responseComplete = false;
            start(request);
        }
        if (message instanceof HttpContent content) {
            if (current == null) {
                content.release();
                return;
            }
            ClientExchange exchange = current;
            boolean last = content instanceof LastHttpContent;
            exchange.requestContent(content);
            if (last && current == exchange) {
                requestComplete = true;
                if (responseComplete) {
                    next();
                }
            }
        } else if (!(message instanceof HttpRequest)) {
            ReferenceCountUtil.release(message);
        }
    }

    private void start(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuse(request.decoderResult().cause());
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(request);
        keepAliveByDefault = request.protocolVersion().isKeepAliveDefault();
        if (request.headers().contains(HttpHeaderNames.EXPECT)) {
            if (!HttpUtil.is100ContinueExpected(request)) {
                context.metrics.response(417);
                respond(ErrorPages.ownPage(417, "Only the expectation 100-continue is supported."), true);
                return;
            }
            request.headers().remove(HttpHeaderNames.EXPECT);
            writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        String origin = ForwardedHeaders.originForm(request.uri());
        String rawPath = ForwardedHeaders.path(origin);
        if (rawPath.equals(HEALTH_PATH)) {
            FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("{\"status\":\"OK\"}", CharsetUtil.UTF_8));
            ok.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            respond(ok, false);
            return;
        }
        String path;
        try {
            path = RoutePath.decode(rawPath);
        } catch (IllegalArgumentException e) {
            context.errors.send(this, request.uri(), 400, Failure.BAD_REQUEST, "The request path has a malformed %-escape.");
            return;
        }
        if (context.settings.hostRouting()) {
            path = "/" + ForwardedHeaders.hostName(request.headers().get(HttpHeaderNames.HOST)) + path;
        }
        Route route = context.routes.match(path);
        if (route == null) {
            context.errors.send(this, request.uri(), 404, Failure.NO_ROUTE, "Nothing is served at " + rawPath + ".");
            return;
        }
        HttpExchange exchange = new HttpExchange(context, this, request, route, rawPath,
                ForwardedHeaders.isWebSocketUpgrade(request));
        current = exchange;
        exchange.start();
    }

    /** A request the decoder could not read: 414, 431 or 400, and the connection closes (its rest cannot be read). */
    private void refuse(Throwable cause) {
        HttpResponseStatus status = UnreadableRequests.status(cause);
        LOG.debugf("Refusing a request from %s with %d: %s", address, status.code(), cause.getMessage());
        context.metrics.failure(Failure.BAD_REQUEST);
        context.metrics.response(status.code());
        respond(ErrorPages.ownPage(status.code(), "The request could not be read (" + status.reasonPhrase() + ")."), true);
    }

    private void queue(Object message) {
        if (queued == null) {
            queued = new ArrayDeque<>();
        }
        queued.add(message);
        if (queued.size() > MAX_QUEUED && !pausedForQueue) {
            pausedForQueue = true;
            channel.config().setAutoRead(false);
        }
    }

    /** Starts on the queued requests, until one is waiting for its response. */
    private void next() {
        current = null;
        while (queued != null && !queued.isEmpty() && tunnel == null && (current == null || !requestComplete)) {
            dispatch(queued.poll());
        }
        if (pausedForQueue && (queued == null || queued.size() <= MAX_QUEUED / 2)) {
            pausedForQueue = false;
            channel.config().setAutoRead(true);
        }
    }

    private void releaseQueued() {
        if (queued != null) {
            queued.forEach(ReferenceCountUtil::release);
            queued.clear();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.clientReadComplete();
        } else if (current != null) {
            current.clientReadComplete();
        } else if (!readMessage && !headWait.isWaiting()) {
            context.heads.start(headWait, System.nanoTime());
        }
        readMessage = false;
    }

    /** The request head's wait passed the header timeout: 408, and the connection closes. */
    private void headTooSlow() {
        if (!channel.isActive() || current != null || tunnel != null) {
            return;
        }
        LOG.debugf("Closing the connection from %s: no whole request head within %d ms", address,
                context.settings.headerTimeoutMillis());
        context.metrics.failure(Failure.HEADER_TIMEOUT);
        context.metrics.response(408);
        respond(ErrorPages.ownPage(408, "The request head did not arrive in time."), true);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            return;
        }
        if (tunnel != null) {
            tunnel.clientWritable();
        } else if (current != null) {
            current.clientWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseQueued();
        if (tunnel != null) {
            tunnel.clientClosed();
        } else if (current != null && !(requestComplete && responseComplete)) {
            current.clientClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("Connection from %s failed: %s", address, cause.getMessage());
        ctx.close();
    }
}
