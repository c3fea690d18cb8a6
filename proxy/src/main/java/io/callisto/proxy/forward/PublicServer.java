package io.callisto.proxy.forward;

import io.callisto.proxy.ProxyConfig;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.callisto.proxy.routes.RouteTable;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * The public listener: HTTP/1.1 and websockets from browsers, forwarded to route targets. It runs
 * on its own Netty event loops, one per core (epoll where Netty's native transport loads, NIO
 * elsewhere); the kernel's accepted connections are spread over them, and each loop keeps its own
 * {@link LoopContext}, so a connection, its requests and their forwarded copies never change thread
 * and nothing on the way is locked.
 *
 * <p>A client connection's pipeline is short: TLS (when configured), Netty's HTTP codec (with the
 * request line and header size limits), then {@link ClientConnection}; idle timeouts, keep-alive
 * and {@code 100 Continue} are handled there, without a handler (and a clock read) per message.
 */
public final class PublicServer {

    private static final Logger LOG = Logger.getLogger(PublicServer.class);
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ProxyConfig config;
    private final RouteTable routes;
    private final ProxyMetrics metrics;
    private final AccessLog accessLog;
    private final Vertx vertx;
    private final Map<EventExecutor, LoopContext> contexts = new IdentityHashMap<>();
    private EventLoopGroup loops;
    private ThreadPoolExecutor resolver;
    private Channel listening;

    /**
     * @param accessLog where access log lines go; null when access logging is off
     * @param vertx     only to read the PEM key and certificate for TLS
     */
    public PublicServer(ProxyConfig config, RouteTable routes, ProxyMetrics metrics, AccessLog accessLog, Vertx vertx) {
        this.config = config;
        this.routes = routes;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.vertx = vertx;
    }

    /**
     * Opens the listener with {@code eventLoops} loops; returns once it accepts connections.
     *
     * @throws Exception why it could not (the port is taken, the TLS files cannot be read, ...)
     */
    public void start(int eventLoops) throws Exception {
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory("callisto-proxy-loop", true);
        loops = epoll ? new EpollEventLoopGroup(eventLoops, threads) : new NioEventLoopGroup(eventLoops, threads);
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends Channel> clientChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        resolver = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("callisto-proxy-resolver", true));

        ForwardingSettings settings = ForwardingSettings.from(config);
        UpstreamPool.Settings poolSettings = new UpstreamPool.Settings(config.pool().maxConnectionsPerTarget(),
                config.pool().keepAlive().toNanos(), (int) config.timeouts().connect().toMillis(), (int) config.limits().maxInitialLineLength().asLongValue(),
                (int) config.limits().maxHeaderSize().asLongValue(), new ClientTls(), resolver);
        Bootstrap targets = new Bootstrap()
                .channel(clientChannel)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, poolSettings.connectTimeoutMillis());
        for (EventExecutor executor : loops) {
            EventLoop loop = (EventLoop) executor;
            LoopContext context = new LoopContext(loop, settings, routes, metrics, targets, poolSettings, accessLog);
            contexts.put(loop, context);
            loop.execute(context::startChores);
        }

        SslContext tls = settings.tls() ? serverTls() : null;
        ServerBootstrap server = new ServerBootstrap()
                .group(loops)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) {
                            pipeline.addLast(tls.newHandler(channel.alloc()));
                        }
                        pipeline.addLast(new HttpServerCodec((int) config.limits().maxInitialLineLength().asLongValue(),
                                (int) config.limits().maxHeaderSize().asLongValue(), MAX_CHUNK_SIZE));
                        pipeline.addLast(new ClientConnection(contexts.get(channel.eventLoop())));
                    }
                });
        listening = server.bind(config.publicIp(), config.publicPort()).sync().channel();
        LOG.debugf("Public listener on %d %s event loops", eventLoops, epoll ? "epoll" : "NIO");
    }

    /** Stops accepting, closes every connection and writes what is left of the access log. */
    public void stop() {
        if (loops == null) {
            return;
        }
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
        for (LoopContext context : contexts.values()) {
            context.loop.submit(context::closeAccessLog).syncUninterruptibly();
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        resolver.shutdownNow();
    }

    private SslContext serverTls() throws Exception {
        PemKeyCertOptions pem = new PemKeyCertOptions()
                .setKeyPath(config.tls().key().orElseThrow().toString())
                .setCertPath(config.tls().cert().orElseThrow().toString());
        return SslContextBuilder.forServer(pem.getKeyManagerFactory(vertx)).build();
    }

    /** The TLS context for {@code https} targets, made on first use (most deployments never need it). */
    static final class ClientTls {
        private volatile SslContext context;

        SslContext get() {
            SslContext made = context;
            if (made == null) {
                synchronized (this) {
                    made = context;
                    if (made == null) {
                        try {
                            made = SslContextBuilder.forClient().build();
                        } catch (SSLException e) {
                            throw new IllegalStateException("Cannot set up TLS to targets: " + e.getMessage(), e);
                        }
                        context = made;
                    }
                }
            }
            return made;
        }
    }
}
