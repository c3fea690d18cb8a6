package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.ProxyMetrics;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The access log: one line per proxied request on standard output,
 * {@code 2024-05-01T09:30:00.123Z 200 GET /user/alice/api/status 3ms}. A request only pays for
 * appending its line to its event loop's own buffer, with no lock, log record or system call;
 * each loop hands its buffer to one writer thread when it passes 64 KiB and at least every
 * {@link #FLUSH_MILLIS} ms, and the writer writes each batch with one call. When the output cannot
 * keep up and {@link #QUEUED_BATCHES} batches wait, further batches are dropped and counted
 * ({@code callisto_proxy_access_log_dropped_total}) rather than slowing traffic down.
 */
public final class AccessLog {

    static final long FLUSH_MILLIS = 1000;
    private static final int BATCH_CHARS = 64 * 1024;
    private static final int QUEUED_BATCHES = 64;
    private static final Logger LOG = Logger.getLogger(AccessLog.class);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    /** Batches handed to the writer and not yet written; guarded by {@code this}. */
    private int pending;
    private final ProxyMetrics metrics;
    private final OutputStream out;

    /** A batch of lines and how many there are. */
    private record Batch(String text, int lines) {
    }

    /** Starts the writer thread, which writes to standard output. */
    public AccessLog(ProxyMetrics metrics) {
        this(metrics, new FileOutputStream(FileDescriptor.out));
    }

    AccessLog(ProxyMetrics metrics, OutputStream out) {
        this.metrics = metrics;
        this.out = out;
        Thread writer = new Thread(this::writeBatches, "callisto-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** A buffer for one event loop. */
    Buffer buffer() {
        return new Buffer();
    }

    /** One event loop's lines, not yet handed to the writer. Used from that loop only. */
    final class Buffer {
        private StringBuilder lines = new StringBuilder(BATCH_CHARS + 1024);
        private int count;
        private long second = Long.MIN_VALUE;
        private String secondText;

        void add(int status, String method, String path, long millis) {
            long now = System.currentTimeMillis();
            long thisSecond = Math.floorDiv(now, 1000);
            if (thisSecond != second) {
                second = thisSecond;
                secondText = SECONDS.format(Instant.ofEpochSecond(thisSecond));
            }
            int milli = (int) Math.floorMod(now, 1000);
            lines.append(secondText).append('.')
                    .append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char) ('0' + milli % 10))
                    .append("Z ").append(status).append(' ').append(method).append(' ').append(path).append(' ')
                    .append(millis).append("ms\n");
            count++;
            if (lines.length() >= BATCH_CHARS) {
                flush();
            }
        }

        /**
         * Hands what is buffered to the writer and waits, at most {@link #CLOSE_WAIT_MILLIS}, until
         * every batch handed over so far is written: at shutdown.
         */
        void close() {
            flush();
            awaitWritten();
        }

        /** Hands the lines so far to the writer. */
        void flush() {
            if (count == 0) {
                return;
            }
            Batch batch = new Batch(lines.toString(), count);
            synchronized (AccessLog.this) {
                if (batches.offer(batch)) {
                    pending++;
                } else {
                    metrics.accessLogDropped(count);
                }
            }
            lines.setLength(0);
            count = 0;
        }
    }

    private synchronized void awaitWritten() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        try {
            long left;
            while (pending > 0 && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeBatches() {
        while (true) {
            Batch batch;
            try {
                batch = batches.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                out.write(batch.text().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                metrics.accessLogDropped(batch.lines());
                LOG.debugf("Writing the access log failed: %s", e.getMessage());
            }
            synchronized (this) {
                pending--;
                notifyAll();
            }
        }
    }
}
