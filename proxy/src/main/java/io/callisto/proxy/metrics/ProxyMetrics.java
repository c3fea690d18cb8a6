package io.callisto.proxy.metrics;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the proxy's traffic, exposed at {@code GET /metrics} on the API listener. */
@Singleton
public class ProxyMetrics {

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final LongAdder[] responses = adders(STATUS_CLASSES.length);
    private final LongAdder[] failures = adders(Failure.values().length);
    private final LongAdder openWebsockets = new LongAdder();
    private final LongAdder websockets = new LongAdder();
    private final LongAdder accessLogDropped = new LongAdder();
    private final LatencyHistogram upstreamLatency = new LatencyHistogram();

    /** A response of this status went to a client of the public listener (a 101 for each websocket). */
    public void response(int status) {
        int statusClass = status / 100 - 1;
        if (statusClass >= 0 && statusClass < responses.length) {
            responses[statusClass].increment();
        }
    }

    public void failure(Failure failure) {
        failures[failure.ordinal()].increment();
    }

    public void websocketOpened() {
        openWebsockets.increment();
        websockets.increment();
    }

    public void websocketClosed() {
        openWebsockets.decrement();
    }

    /** {@code lines} access log lines were dropped because the output could not keep up. */
    public void accessLogDropped(int lines) {
        accessLogDropped.add(lines);
    }

    /** A target's status and headers arrived {@code nanos} after the request was sent. */
    public void upstreamLatency(long nanos) {
        upstreamLatency.observe(nanos);
    }

    /** Prometheus text exposition format 0.0.4. */
    public String render(int routes) {
        StringBuilder out = new StringBuilder(2048);
        header(out, "callisto_proxy_requests_total", "counter",
                "Responses sent on the public listener, by status class.");
        for (int i = 0; i < STATUS_CLASSES.length; i++) {
            out.append("callisto_proxy_requests_total{status=\"").append(STATUS_CLASSES[i]).append("\"} ")
                    .append(responses[i].sum()).append('\n');
        }
        header(out, "callisto_proxy_errors_total", "counter",
                "Requests the proxy could not forward, or not to the end, by reason.");
        for (Failure failure : Failure.values()) {
            out.append("callisto_proxy_errors_total{reason=\"").append(failure.label()).append("\"} ")
                    .append(failures[failure.ordinal()].sum()).append('\n');
        }
        header(out, "callisto_proxy_websocket_connections", "gauge", "Websockets open through the proxy.");
        out.append("callisto_proxy_websocket_connections ").append(openWebsockets.sum()).append('\n');
        header(out, "callisto_proxy_websocket_connections_total", "counter", "Websockets opened through the proxy.");
        out.append("callisto_proxy_websocket_connections_total ").append(websockets.sum()).append('\n');
        header(out, "callisto_proxy_access_log_dropped_total", "counter",
                "Access log lines dropped because the output could not keep up.");
        out.append("callisto_proxy_access_log_dropped_total ").append(accessLogDropped.sum()).append('\n');
        header(out, "callisto_proxy_routes", "gauge", "Routes in the route table.");
        out.append("callisto_proxy_routes ").append(routes).append('\n');
        header(out, "callisto_proxy_upstream_latency_seconds", "histogram",
                "Time from sending a request to a target until its status and headers arrive.");
        upstreamLatency.render(out, "callisto_proxy_upstream_latency_seconds");
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
