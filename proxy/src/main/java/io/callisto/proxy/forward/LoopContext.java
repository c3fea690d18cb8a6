package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.Counters;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.callisto.proxy.routes.RouteTable;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * What one event loop keeps for the client connections it serves: its connections to targets, the
 * idle timeouts of all its connections, the deadlines of its requests and of its clients' request
 * heads, its access log buffer, and
 * the settings they share. Every client
 * connection stays on one loop, and so does everything it forwards, so none of this is locked.
 */
final class LoopContext {

    final EventLoop loop;
    final ForwardingSettings settings;
    final RouteTable routes;
    /** This loop's own counters. */
    final Counters metrics;
    final IdleTimeouts idle;
    final UpstreamPool targets;
    final Deadlines deadlines;
    /** Client connections waiting for a request head. */
    final Deadlines heads;
    final ErrorPages errors;
    /** Null when access logging is off. */
    final AccessLog.Buffer accessLog;

    LoopContext(EventLoop loop, ForwardingSettings settings, RouteTable routes, ProxyMetrics metrics,
            Bootstrap targetBootstrap, UpstreamPool.Settings poolSettings, AccessLog accessLog) {
        this.loop = loop;
        this.settings = settings;
        this.routes = routes;
        this.metrics = metrics.forEventLoop();
        this.idle = new IdleTimeouts(settings.idleTimeoutMillis());
        this.targets = new UpstreamPool(loop, targetBootstrap, poolSettings, idle);
        this.deadlines = new Deadlines(settings.responseTimeoutMillis());
        this.heads = new Deadlines(settings.headerTimeoutMillis());
        this.errors = new ErrorPages(this);
        this.accessLog = accessLog == null ? null : accessLog.buffer();
    }

    /**
     * Starts the loop's periodic chores: closing idle connections, timing out waits for responses
     * and for request heads,
     * closing kept-alive target connections unused for too long, writing the access log.
     */
    void startChores() {
        loop.scheduleAtFixedRate(idle::tick, 1, 1, TimeUnit.SECONDS);
        long every = Deadlines.checkEveryMillis(settings.responseTimeoutMillis());
        loop.scheduleAtFixedRate(() -> deadlines.expire(System.nanoTime()), every, every, TimeUnit.MILLISECONDS);
        long headsEvery = Deadlines.checkEveryMillis(settings.headerTimeoutMillis());
        loop.scheduleAtFixedRate(() -> heads.expire(System.nanoTime()), headsEvery, headsEvery, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(() -> targets.sweep(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        if (accessLog != null) {
            loop.scheduleAtFixedRate(accessLog::flush, AccessLog.FLUSH_MILLIS, AccessLog.FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the access log lines still buffered: at shutdown, from the loop. */
    void closeAccessLog() {
        if (accessLog != null) {
            accessLog.close();
        }
    }

    void logAccess(String method, String path, int status, long startNanos) {
        if (accessLog != null) {
            accessLog.add(status, method, path, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }
}
