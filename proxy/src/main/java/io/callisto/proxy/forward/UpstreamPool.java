package io.callisto.proxy.forward;

import io.callisto.proxy.routes.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One event loop's connections to targets, kept alive between requests. Each target (host, port,
 * scheme) has at most {@code pool.max-connections-per-target} connections on this loop; a request
 * takes the most recently used idle one, else a new one, else waits in line. Idle connections are
 * closed after {@code pool.keep-alive}, or as soon as the target closes them or sends anything.
 *
 * <p>Used from its event loop only, so a request and its forwarded copy never change threads.
 */
final class UpstreamPool {

    /** The connections to one target. */
    static final class PerTarget {
        private final ArrayDeque<TargetConnection> idle = new ArrayDeque<>();
        private final ArrayDeque<TargetUser> waiting = new ArrayDeque<>();
        /** Connecting, in use and idle. */
        private int open;
    }

    /** How a target connection's pipeline is built. */
    record Settings(int maxConnectionsPerTarget, long keepAliveNanos, int connectTimeoutMillis,
            int maxInitialLineLength, int maxHeaderSize, PublicServer.ClientTls tls, Executor resolver) {
    }

    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Settings settings;
    private final IdleTimeouts idle;
    private final Map<Target, PerTarget> targets = new HashMap<>();

    UpstreamPool(EventLoop loop, Bootstrap bootstrap, Settings settings, IdleTimeouts idle) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.idle = idle;
    }

    /** Hands {@code user} a connection to {@code target}, now or when one is free, or tells it that none can be made. */
    void acquire(Target target, TargetUser user) {
        PerTarget perTarget = targets.computeIfAbsent(target, t -> new PerTarget());
        long now = System.nanoTime();
        TargetConnection connection;
        while ((connection = perTarget.idle.pollLast()) != null) {
            if (connection.channel().isActive() && now - connection.idleSinceNanos < settings.keepAliveNanos()) {
                connection.user(user);
                user.connected(connection);
                return;
            }
            connection.channel().close();
        }
        if (perTarget.open < settings.maxConnectionsPerTarget()) {
            connect(target, perTarget, user);
        } else {
            perTarget.waiting.add(user);
        }
    }

    /** {@code user} no longer waits for a connection to {@code target}. */
    void cancel(Target target, TargetUser user) {
        PerTarget perTarget = targets.get(target);
        if (perTarget != null) {
            perTarget.waiting.remove(user);
        }
    }

    /** Takes back a connection whose exchange ended cleanly, for the next request to that target. */
    void release(TargetConnection connection) {
        connection.user(null);
        if (!connection.pooled || !connection.channel().isActive()) {
            return;
        }
        PerTarget perTarget = connection.perTarget();
        TargetUser next = perTarget.waiting.poll();
        if (next != null) {
            connection.user(next);
            next.connected(connection);
            return;
        }
        connection.idleSinceNanos = System.nanoTime();
        perTarget.idle.addLast(connection);
    }

    /** Closes a connection that cannot be reused (cut off in the middle of an exchange, or not kept alive). */
    void discard(TargetConnection connection) {
        connection.user(null);
        connection.channel().close();
    }

    /** Takes a connection out of its pool for good: it becomes a websocket. */
    void detach(TargetConnection connection) {
        if (connection.pooled) {
            connection.pooled = false;
            PerTarget perTarget = connection.perTarget();
            perTarget.open--;
            connectForNextWaiting(connection.target(), perTarget);
        }
    }

    /** A connection closed: it no longer counts, and someone waiting may get a new one. */
    void closed(TargetConnection connection) {
        if (!connection.pooled) {
            return;
        }
        connection.pooled = false;
        PerTarget perTarget = connection.perTarget();
        perTarget.open--;
        perTarget.idle.remove(connection);
        connectForNextWaiting(connection.target(), perTarget);
        forgetIfUnused(connection.target(), perTarget);
    }

    /** Closes the connections that have been idle longer than the keep-alive time. */
    void sweep(long nowNanos) {
        for (PerTarget perTarget : targets.values()) {
            Iterator<TargetConnection> oldestFirst = perTarget.idle.iterator();
            while (oldestFirst.hasNext()) {
                TargetConnection connection = oldestFirst.next();
                if (nowNanos - connection.idleSinceNanos < settings.keepAliveNanos()) {
                    break;
                }
                oldestFirst.remove();
                connection.channel().close();
            }
        }
    }

    private void connectForNextWaiting(Target target, PerTarget perTarget) {
        if (!perTarget.waiting.isEmpty() && perTarget.open < settings.maxConnectionsPerTarget()) {
            connect(target, perTarget, perTarget.waiting.poll());
        }
    }

    private void forgetIfUnused(Target target, PerTarget perTarget) {
        if (perTarget.open == 0 && perTarget.waiting.isEmpty() && targets.get(target) == perTarget) {
            targets.remove(target);
        }
    }

    private void connect(Target target, PerTarget perTarget, TargetUser user) {
        perTarget.open++;
        if (NetUtil.isValidIpV4Address(target.host()) || NetUtil.isValidIpV6Address(target.host())) {
            connect(target, perTarget, user, literal(target.host()));
            return;
        }
        // Names are resolved off the event loop, by the system's resolver (hosts file, search domains).
        settings.resolver().execute(() -> {
            try {
                InetAddress address = InetAddress.getByName(target.host());
                loop.execute(() -> connect(target, perTarget, user, address));
            } catch (UnknownHostException e) {
                loop.execute(() -> connectFailed(target, perTarget, user, e));
            }
        });
    }

    private void connect(Target target, PerTarget perTarget, TargetUser user, InetAddress address) {
        ChannelFuture connecting = bootstrap.clone(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (target.tls()) {
                            pipeline.addLast(tlsHandler(channel, target));
                        }
                        pipeline.addLast(new HttpClientCodec(settings.maxInitialLineLength(), settings.maxHeaderSize(),
                                MAX_CHUNK_SIZE, false));
                        pipeline.addLast(new TargetConnection(UpstreamPool.this, perTarget, target, idle));
                    }
                })
                .connect(new InetSocketAddress(address, target.port()));
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                TargetConnection connection = connecting.channel().pipeline().get(TargetConnection.class);
                connection.user(user);
                user.connected(connection);
            } else {
                connectFailed(target, perTarget, user, done.cause());
            }
        });
    }

    private void connectFailed(Target target, PerTarget perTarget, TargetUser user, Throwable cause) {
        perTarget.open--;
        user.connectFailed(cause);
        connectForNextWaiting(target, perTarget);
        forgetIfUnused(target, perTarget);
    }

    private SslHandler tlsHandler(Channel channel, Target target) {
        SslHandler handler = settings.tls().get().newHandler(channel.alloc(), target.host(), target.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByAddress(host, NetUtil.createByteArrayFromIpAddressString(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host + " is not an IP address", e);
        }
    }
}
