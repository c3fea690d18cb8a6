package io.callisto.proxy.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The traffic counters of one writer: requests by status class, failures by reason, websockets,
 * and the upstream latency histogram, in one array. On an event loop's own counters, only that
 * loop writes ({@link #single}): an increment is a plain read and an ordered write, with no atomic
 * read-modify-write and no cache line shared with another loop; a scrape reads them while they
 * move and sees each value whole. Counters for several writers ({@link #shared}) add atomically.
 */
public final class Counters {

    static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    static final double[] LATENCY_BOUNDS_SECONDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final long[] LATENCY_BOUNDS_NANOS = new long[LATENCY_BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < LATENCY_BOUNDS_SECONDS.length; i++) {
            LATENCY_BOUNDS_NANOS[i] = (long) (LATENCY_BOUNDS_SECONDS[i] * 1e9);
        }
    }

    static final int RESPONSES = 0;
    static final int FAILURES = RESPONSES + STATUS_CLASSES.length;
    static final int WEBSOCKETS_OPENED = FAILURES + Failure.values().length;
    static final int WEBSOCKETS_CLOSED = WEBSOCKETS_OPENED + 1;
    static final int ACCESS_LOG_DROPPED = WEBSOCKETS_CLOSED + 1;
    /** One bucket per bound plus +Inf, not cumulative. */
    static final int LATENCY_BUCKETS = ACCESS_LOG_DROPPED + 1;
    static final int LATENCY_SUM_NANOS = LATENCY_BUCKETS + LATENCY_BOUNDS_SECONDS.length + 1;
    static final int SIZE = LATENCY_SUM_NANOS + 1;

    private final AtomicLongArray values = new AtomicLongArray(SIZE);
    private final boolean singleWriter;

    private Counters(boolean singleWriter) {
        this.singleWriter = singleWriter;
    }

    /** Counters that only one thread at a time ever changes (an event loop's). */
    static Counters single() {
        return new Counters(true);
    }

    /** Counters any thread may change. */
    static Counters shared() {
        return new Counters(false);
    }

    /** A response of this status went to a client of the public listener (a 101 for each websocket). */
    public void response(int status) {
        int statusClass = status / 100 - 1;
        if (statusClass >= 0 && statusClass < STATUS_CLASSES.length) {
            add(RESPONSES + statusClass, 1);
        }
    }

    public void failure(Failure failure) {
        add(FAILURES + failure.ordinal(), 1);
    }

    public void websocketOpened() {
        add(WEBSOCKETS_OPENED, 1);
    }

    public void websocketClosed() {
        add(WEBSOCKETS_CLOSED, 1);
    }

    /** {@code lines} access log lines were dropped because the output could not keep up. */
    public void accessLogDropped(int lines) {
        add(ACCESS_LOG_DROPPED, lines);
    }

    /** A target's status and headers arrived {@code nanos} after the request was sent. */
    public void upstreamLatency(long nanos) {
        int bucket = 0;
        while (bucket < LATENCY_BOUNDS_NANOS.length && nanos > LATENCY_BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        add(LATENCY_BUCKETS + bucket, 1);
        add(LATENCY_SUM_NANOS, nanos);
    }

    long get(int index) {
        return values.get(index);
    }

    private void add(int index, long delta) {
        if (singleWriter) {
            values.lazySet(index, values.get(index) + delta);
        } else {
            values.addAndGet(index, delta);
        }
    }
}
