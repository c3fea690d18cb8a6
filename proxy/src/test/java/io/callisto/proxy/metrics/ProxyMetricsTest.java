package io.callisto.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyMetricsTest {

    private final ProxyMetrics metrics = new ProxyMetrics();

    @Test
    void responsesAreCountedByStatusClass() {
        metrics.response(200);
        metrics.response(204);
        metrics.response(302);
        metrics.response(503);
        metrics.response(101);

        assertThat(metrics.render(0)).contains(
                "callisto_proxy_requests_total{status=\"1xx\"} 1\n",
                "callisto_proxy_requests_total{status=\"2xx\"} 2\n",
                "callisto_proxy_requests_total{status=\"3xx\"} 1\n",
                "callisto_proxy_requests_total{status=\"4xx\"} 0\n",
                "callisto_proxy_requests_total{status=\"5xx\"} 1\n");
    }

    @Test
    void openWebsocketsRiseAndFall() {
        metrics.websocketOpened();
        metrics.websocketOpened();
        metrics.websocketClosed();

        assertThat(metrics.render(3)).contains(
                "callisto_proxy_websocket_connections 1\n",
                "callisto_proxy_websocket_connections_total 2\n",
                "callisto_proxy_routes 3\n");
    }

    @Test
    void latencyBucketsAreCumulative() {
        metrics.upstreamLatency(TimeUnit.MILLISECONDS.toNanos(3));
        metrics.upstreamLatency(TimeUnit.MILLISECONDS.toNanos(70));
        metrics.upstreamLatency(TimeUnit.SECONDS.toNanos(60));

        assertThat(metrics.render(0)).contains(
                "callisto_proxy_upstream_latency_seconds_bucket{le=\"0.001\"} 0\n",
                "callisto_proxy_upstream_latency_seconds_bucket{le=\"0.005\"} 1\n",
                "callisto_proxy_upstream_latency_seconds_bucket{le=\"0.1\"} 2\n",
                "callisto_proxy_upstream_latency_seconds_bucket{le=\"30.0\"} 2\n",
                "callisto_proxy_upstream_latency_seconds_bucket{le=\"+Inf\"} 3\n",
                "callisto_proxy_upstream_latency_seconds_count 3\n",
                "callisto_proxy_upstream_latency_seconds_sum 60.073\n");
    }

    @Test
    void failuresAreCountedByReason() {
        metrics.failure(Failure.UNREACHABLE);
        metrics.failure(Failure.UNREACHABLE);

        assertThat(metrics.render(0)).contains(
                "callisto_proxy_errors_total{reason=\"unreachable\"} 2\n",
                "callisto_proxy_errors_total{reason=\"no_route\"} 0\n");
        assertThat(metrics.render(0)).contains("# TYPE callisto_proxy_errors_total counter\n");
    }

    @Test
    void eachEventLoopsOwnCountersAddUpInAScrape() throws InterruptedException {
        Counters first = metrics.forEventLoop();
        Counters second = metrics.forEventLoop();
        Thread one = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                first.response(200);
            }
        });
        Thread other = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                second.response(200);
                second.upstreamLatency(TimeUnit.MILLISECONDS.toNanos(2));
            }
            second.websocketOpened();
        });
        one.start();
        other.start();
        one.join();
        other.join();
        metrics.response(204);

        assertThat(metrics.render(0)).contains(
                "callisto_proxy_requests_total{status=\"2xx\"} 20001\n",
                "callisto_proxy_upstream_latency_seconds_bucket{le=\"0.005\"} 10000\n",
                "callisto_proxy_upstream_latency_seconds_count 10000\n",
                "callisto_proxy_websocket_connections 1\n");
    }
}
