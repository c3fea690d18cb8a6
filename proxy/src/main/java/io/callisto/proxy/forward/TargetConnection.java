package io.callisto.proxy.forward;

import io.callisto.proxy.routes.Target;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.ReferenceCountUtil;
import org.jboss.logging.Logger;

/**
 * One connection to a target, the last handler of its pipeline: it passes what the target sends to
 * the connection's current {@link TargetUser}. Without a user the connection rests in its
 * {@link UpstreamPool}; if the target sends anything or closes then, the connection is dropped.
 */
final class TargetConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(TargetConnection.class);

    private final UpstreamPool pool;
    private final UpstreamPool.PerTarget perTarget;
    private final Target target;
    private final IdleTimeouts idle;
    private IdleTimeouts.Watch watch;
    private Channel channel;
    private TargetUser user;
    /** When it was last put back in the pool. */
    long idleSinceNanos;
    /** Whether it still counts in its pool (a websocket takes it out for good). */
    boolean pooled = true;

    TargetConnection(UpstreamPool pool, UpstreamPool.PerTarget perTarget, Target target, IdleTimeouts idle) {
        this.pool = pool;
        this.perTarget = perTarget;
        this.target = target;
        this.idle = idle;
    }

    Channel channel() {
        return channel;
    }

    Target target() {
        return target;
    }

    UpstreamPool.PerTarget perTarget() {
        return perTarget;
    }

    TargetUser user() {
        return user;
    }

    void user(TargetUser user) {
        this.user = user;
    }

    /** Writes without flushing. */
    void write(Object message) {
        idle.seen(watch);
        channel.write(message, channel.voidPromise());
    }

    void writeAndFlush(Object message) {
        idle.seen(watch);
        channel.writeAndFlush(message, channel.voidPromise());
    }

    void flush() {
        channel.flush();
    }

    /** Closes the connection once what was written has been flushed. */
    void closeAfterFlush() {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    boolean isWritable() {
        return channel.isWritable();
    }

    void autoRead(boolean on) {
        channel.config().setAutoRead(on);
    }

    /** From here on the connection carries websocket bytes: its HTTP codec goes, and it leaves the pool. */
    void becomeTunnel() {
        pool.detach(this);
        channel.pipeline().remove(HttpClientCodec.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        watch = idle.watch(channel);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        idle.forget(watch);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        idle.seen(watch);
        if (user != null) {
            user.received(message);
        } else {
            ReferenceCountUtil.release(message);
            LOG.debugf("Target %s sent data on an idle connection; dropping it", target.url());
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (user != null) {
            user.targetReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (user != null && ctx.channel().isWritable()) {
            user.targetWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        idle.forget(watch);
        pool.closed(this);
        TargetUser gone = user;
        user = null;
        if (gone != null) {
            gone.targetClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("Connection to %s failed: %s", target.url(), cause.getMessage());
        ctx.close();
    }
}
