package io.callisto.proxy.metrics;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counters of the proxy's traffic, exposed at {@code GET /metrics} on the API listener. Each event
 * loop counts in {@link Counters} of its own ({@link #forEventLoop}); the methods here count in
 * counters shared by other threads. A scrape adds them all up, so counting costs traffic no
 * contention and the sums are done only when Prometheus asks.
 */
@Singleton
public class ProxyMetrics {

    private final Counters shared = Counters.shared();
    private final List<Counters> all = new CopyOnWriteArrayList<>(List.of(shared));

    /** New counters that only the calling event loop will change. */
    public Counters forEventLoop() {
        Counters counters = Counters.single();
        all.add(counters);
        return counters;
    }

    /** A response of this status went to a client of the public listener (a 101 for each websocket). */
    public void response(int status) {
        shared.response(status);
    }

    public void failure(Failure failure) {
        shared.failure(failure);
    }

    public void websocketOpened() {
        shared.websocketOpened();
    }

    public void websocketClosed() {
        shared.websocketClosed();
    }

    /** {@code lines} access log lines were dropped because the output could not keep up. */
    public void accessLogDropped(int lines) {
        shared.accessLogDropped(lines);
    }

    /** A target's status and headers arrived {@code nanos} after the request was sent. */
    public void upstreamLatency(long nanos) {
        shared.upstreamLatency(nanos);
    }

    /** Prometheus text exposition format 0.0.4. */
    public String render(int routes) {
        long[] sum = new long[Counters.SIZE];
        for (Counters counters : all) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += counters.get(i);
            }
        }
        StringBuilder out = new StringBuilder(2048);
        header(out, "callisto_proxy_requests_total", "counter",
                "Responses sent on the public listener, by status class.");
        for (int i = 0; i < Counters.STATUS_CLASSES.length; i++) {
            out.append("callisto_proxy_requests_total{status=\"").append(Counters.STATUS_CLASSES[i]).append("\"} ")
                    .append(sum[Counters.RESPONSES + i]).append('\n');
        }
        header(out, "callisto_proxy_errors_total", "counter",
                "Requests the proxy could not forward, or not to the end, by reason.");
        for (Failure failure : Failure.values()) {
            out.append("callisto_proxy_errors_total{reason=\"").append(failure.label()).append("\"} ")
                    .append(sum[Counters.FAILURES + failure.ordinal()]).append('\n');
        }
        long opened = sum[Counters.WEBSOCKETS_OPENED];
        header(out, "callisto_proxy_websocket_connections", "gauge", "Websockets open through the proxy.");
        out.append("callisto_proxy_websocket_connections ").append(opened - sum[Counters.WEBSOCKETS_CLOSED]).append('\n');
        header(out, "callisto_proxy_websocket_connections_total", "counter", "Websockets opened through the proxy.");
        out.append("callisto_proxy_websocket_connections_total ").append(opened).append('\n');
        header(out, "callisto_proxy_access_log_dropped_total", "counter",
                "Access log lines dropped because the output could not keep up.");
        out.append("callisto_proxy_access_log_dropped_total ").append(sum[Counters.ACCESS_LOG_DROPPED]).append('\n');
        header(out, "callisto_proxy_routes", "gauge", "Routes in the route table.");
        out.append("callisto_proxy_routes ").append(routes).append('\n');
        String latency = "callisto_proxy_upstream_latency_seconds";
        header(out, latency, "histogram", "Time from sending a request to a target until its status and headers arrive.");
        long cumulative = 0;
        for (int i = 0; i <= Counters.LATENCY_BOUNDS_SECONDS.length; i++) {
            cumulative += sum[Counters.LATENCY_BUCKETS + i];
            String bound = i < Counters.LATENCY_BOUNDS_SECONDS.length ? Double.toString(Counters.LATENCY_BOUNDS_SECONDS[i]) : "+Inf";
            out.append(latency).append("_bucket{le=\"").append(bound).append("\"} ").append(cumulative).append('\n');
        }
        out.append(latency).append("_sum ").append(sum[Counters.LATENCY_SUM_NANOS] / 1e9).append('\n');
        out.append(latency).append("_count ").append(cumulative).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
