package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callisto.proxy.metrics.ProxyMetrics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    private final ProxyMetrics metrics = new ProxyMetrics();

    @Test
    void linesAreWrittenInBatchesWhenFlushed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog.Buffer buffer = new AccessLog(metrics, out).buffer();

        buffer.add(200, "GET", "/user/alice/api/status", 3);
        buffer.add(404, "POST", "/nope", 0);
        assertThat(written(out)).isEmpty();
        buffer.flush();

        await().untilAsserted(() -> assertThat(written(out).lines())
                .hasSize(2)
                .satisfies(lines -> assertThat(lines.get(0))
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 200 GET /user/alice/api/status 3ms"))
                .satisfies(lines -> assertThat(lines.get(1)).endsWith("Z 404 POST /nope 0ms")));
    }

    @Test
    void closingWritesWhatIsBufferedAtOnce() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog.Buffer buffer = new AccessLog(metrics, out).buffer();

        buffer.add(200, "GET", "/last", 1);
        buffer.close();

        assertThat(written(out)).endsWith(" 200 GET /last 1ms\n");
    }

    @Test
    void batchesAreDroppedAndCountedWhenTheOutputCannotKeepUp() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        OutputStream blocked = new OutputStream() {
            @Override
            public void write(int b) {
                block(stuck);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                block(stuck);
            }
        };
        AccessLog.Buffer buffer = new AccessLog(metrics, blocked).buffer();
        try {
            for (int i = 0; i < 100; i++) {
                buffer.add(200, "GET", "/busy", 1);
                buffer.flush();
            }

            assertThat(metrics.render(0)).containsPattern("callisto_proxy_access_log_dropped_total [1-9]");
        } finally {
            stuck.countDown();
        }
    }

    private static String written(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
