package io.callisto.proxy.api;

import io.callisto.proxy.forward.UnreadableRequests;
import io.callisto.proxy.routes.ApiResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import org.jboss.logging.Logger;

/**
 * A client's connection to the API listener, the last handler of its pipeline. Each request is read
 * whole, its body kept as the decoder's buffers (no copy), then answered by the endpoints; requests
 * a client pipelines are answered in order, and the answers of one read go out in one flush.
 *
 * <p>A body over the limit (by its {@code Content-Length} or as it arrives) gets 413, and a request
 * the decoder cannot read 400, 414 or 431; after those the connection closes, its rest unread. It
 * also closes after an answer when the client asked for that (HTTP/1.0 without {@code keep-alive},
 * or {@code Connection: close}). A client that reads no answers stops being read from.
 */
final class ApiConnection extends ChannelInboundHandlerAdapter {

    /** What answers a request. */
    @FunctionalInterface
    interface Endpoints {
        ApiResponse answer(HttpRequest request, ByteBuf body);
    }

    private static final Logger LOG = Logger.getLogger(ApiConnection.class);
    private static final ByteBuf CONTINUE = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("HTTP/1.1 100 Continue\r\n\r\n", CharsetUtil.US_ASCII)).asReadOnly();

    private final Endpoints endpoints;
    private final int maxBody;
    /** The request whose body is arriving; null between requests. */
    private HttpRequest request;
    /** Its body so far; null while empty. */
    private ByteBuf body;
    /** After an answer that closes the connection: nothing more is read. */
    private boolean closing;
    private boolean unflushed;

    ApiConnection(Endpoints endpoints, int maxBody) {
        this.endpoints = endpoints;
        this.maxBody = maxBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (closing) {
                return;
            }
            if (message instanceof HttpRequest head) {
                start(ctx, head);
            }
            if (message instanceof HttpContent content && request != null) {
                content(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            refuse(ctx, head.decoderResult().cause());
        } else if (HttpUtil.getContentLength(head, -1L) > maxBody) {
            respond(ctx, HttpVersion.HTTP_1_1, tooLarge(), false);
        } else {
            request = head;
            if (HttpUtil.is100ContinueExpected(head)) {
                ctx.writeAndFlush(CONTINUE.duplicate(), ctx.voidPromise());
            }
        }
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            refuse(ctx, content.decoderResult().cause());
            return;
        }
        ByteBuf chunk = content.content();
        if (chunk.isReadable()) {
            if ((body == null ? 0 : body.readableBytes()) + chunk.readableBytes() > maxBody) {
                respond(ctx, HttpVersion.HTTP_1_1, tooLarge(), false);
                return;
            }
            append(ctx, chunk);
        }
        if (content instanceof LastHttpContent) {
            HttpRequest answered = request;
            ApiResponse response = endpoints.answer(answered, body == null ? Unpooled.EMPTY_BUFFER : body);
            dropRequest();
            respond(ctx, answered.protocolVersion(), response, HttpUtil.isKeepAlive(answered));
        }
    }

    private void append(ChannelHandlerContext ctx, ByteBuf chunk) {
        if (body == null) {
            body = chunk.retain();
        } else if (body instanceof CompositeByteBuf composite) {
            composite.addComponent(true, chunk.retain());
        } else {
            body = ctx.alloc().compositeBuffer().addComponents(true, body, chunk.retain());
        }
    }

    private ApiResponse tooLarge() {
        return ApiResponse.error(413, "Body larger than " + maxBody + " bytes");
    }

    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = UnreadableRequests.status(cause);
        LOG.debugf("Refusing an API request with %d: %s", status.code(), cause.getMessage());
        respond(ctx, HttpVersion.HTTP_1_1,
                ApiResponse.error(status.code(), "The request could not be read (" + status.reasonPhrase() + ")"), false);
    }

    private void respond(ChannelHandlerContext ctx, HttpVersion version, ApiResponse response, boolean keepAlive) {
        boolean open = keepAlive && !response.close();
        ByteBuf bytes = ResponseBytes.encode(ctx.alloc(), version, response, open);
        if (open) {
            ctx.write(bytes, ctx.voidPromise());
            unflushed = true;
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            closing = true;
            dropRequest();
            ctx.writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void dropRequest() {
        request = null;
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropRequest();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("API connection failed: %s", cause.getMessage());
        ctx.close();
    }
}
