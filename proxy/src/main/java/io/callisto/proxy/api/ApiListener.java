package io.callisto.proxy.api;

import io.callisto.proxy.ProxyConfig;
import io.callisto.proxy.forward.EventLoops;
import io.callisto.proxy.forward.ForwardedHeaders;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.callisto.proxy.routes.ApiResponse;
import io.callisto.proxy.routes.RouteTable;
import io.callisto.proxy.routes.RoutesResource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The API listener, on the public listener's {@link EventLoops}. Its endpoints:
 *
 * <table>
 *   <tr><th>path</th><th>token</th><th>what</th></tr>
 *   <tr><td>{@code /api/routes[/<path>]}</td><td>required</td><td>{@link RoutesResource}</td></tr>
 *   <tr><td>{@code GET /health}</td><td>no</td><td>200 {@code {"status":"UP","routes":<n>}} once listening</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>no</td><td>Prometheus text, see {@link ProxyMetrics}</td></tr>
 *   <tr><td>anything else</td><td>no</td><td>404 with a JSON message</td></tr>
 * </table>
 *
 * <p>A connection's pipeline: an idle timeout ({@code timeouts.idle}), Netty's request decoder
 * (with the request line and header size limits), then {@link ApiConnection}, which writes its
 * answers as bytes itself.
 */
public final class ApiListener {

    private static final String ROUTES_PREFIX = "/api/routes";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ProxyConfig config;
    private final RouteTable routes;
    private final RoutesResource routesResource;
    private final ProxyMetrics metrics;
    private Channel listening;

    public ApiListener(ProxyConfig config, RouteTable routes, RoutesResource routesResource, ProxyMetrics metrics) {
        this.config = config;
        this.routes = routes;
        this.routesResource = routesResource;
        this.metrics = metrics;
    }

    /**
     * Opens the listener; returns once it accepts connections.
     *
     * @throws InterruptedException while waiting for the port
     */
    public void start(EventLoops loops) throws InterruptedException {
        int maxLine = (int) config.limits().maxInitialLineLength().asLongValue();
        int maxHeader = (int) config.limits().maxHeaderSize().asLongValue();
        int maxBody = (int) Math.min(Integer.MAX_VALUE, config.limits().maxApiBodySize().asLongValue());
        long idleSeconds = config.timeouts().idle().toSeconds();
        listening = loops.listener()
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (idleSeconds > 0) {
                            pipeline.addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
                        }
                        pipeline.addLast(new HttpRequestDecoder(maxLine, maxHeader, MAX_CHUNK_SIZE));
                        pipeline.addLast(new ApiConnection(ApiListener.this::answer, maxBody));
                    }
                })
                .bind(config.apiIp(), config.apiPort()).sync().channel();
    }

    /** Stops accepting; open connections close with the event loops. */
    public void stop() {
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
    }

    private ApiResponse answer(HttpRequest request, ByteBuf body) {
        String path = ForwardedHeaders.path(ForwardedHeaders.originForm(request.uri()));
        if (path.startsWith(ROUTES_PREFIX)
                && (path.length() == ROUTES_PREFIX.length() || path.charAt(ROUTES_PREFIX.length()) == '/')) {
            return routesResource.handle(request, body, path.substring(ROUTES_PREFIX.length()));
        }
        boolean get = request.method() == HttpMethod.GET;
        if (get && path.equals("/health")) {
            return ApiResponse.json(200, "{\"status\":\"UP\",\"routes\":" + routes.size() + "}");
        }
        if (get && path.equals("/metrics")) {
            return new ApiResponse(200, PROMETHEUS, metrics.render(routes.size()), null, false);
        }
        return ApiResponse.error(404, "Not found: " + path);
    }
}
