package io.callisto.proxy.forward;

import io.callisto.proxy.ProxyConfig;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.callisto.proxy.routes.RouteTable;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
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
 * on the {@link EventLoops}, one per core, which it shares with the API listener; the kernel's
 * accepted connections are spread over them, and each loop keeps its own
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
    private final EventLoops loops;
    private final Map<EventExecutor, LoopContext> contexts = new IdentityHashMap<>();
    private ThreadPoolExecutor resolver;
    private Channel listening;

    /**
     * @param accessLog where access log lines go; null when access logging is off
     * @param vertx     only to read the PEM key and certificate for TLS
     */
    public PublicServer(ProxyConfig config, RouteTable routes, ProxyMetrics metrics, AccessLog accessLog, Vertx vertx,
            EventLoops loops) {
        this.loops = loops;
        this.config = config;
        this.routes = routes;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.vertx = vertx;
    }

    /**
     * Opens the listener; returns once it accepts connections.
     *
     * @throws Exception why it could not (the port is taken, the TLS files cannot be read, ...)
     */
    public void start() throws Exception {
        resolver = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("callisto-proxy-resolver", true));

        ForwardingSettings settings = ForwardingSettings.from(config);
        UpstreamPool.Settings poolSettings = new UpstreamPool.Settings(config.pool().maxConnectionsPerTarget(),
                config.pool().keepAlive().toNanos(), (int) config.timeouts().connect().toMillis(), (int) config.limits().maxInitialLineLength().asLongValue(),
                (int) config.limits().maxHeaderSize().asLongValue(), new ClientTls(), resolver);
        Bootstrap targets = new Bootstrap()
                .channel(loops.clientChannel)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, poolSettings.connectTimeoutMillis());
        for (EventExecutor executor : loops.group) {
            EventLoop loop = (EventLoop) executor;
            LoopContext context = new LoopContext(loop, settings, routes, metrics, targets, poolSettings, accessLog);
            contexts.put(loop, context);
            loop.execute(context::startChores);
        }

        SslContext tls = settings.tls() ? serverTls() : null;
        listening = loops.listener()
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
                })
                .bind(config.publicIp(), config.publicPort()).sync().channel();
        LOG.debugf("Public listener on %d %s event loops", contexts.size(), loops.transport());
    }

    /**
     * Stops accepting and writes what is left of the access log; the connections close with the
     * {@link EventLoops}.
     */
    public void stop() {
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
        for (LoopContext context : contexts.values()) {
            context.loop.submit(context::closeAccessLog).syncUninterruptibly();
        }
        if (resolver != null) {
            resolver.shutdownNow();
        }
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
