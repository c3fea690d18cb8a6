package io.callisto.proxy.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of durations with fixed buckets, safe to update from any thread. */
final class LatencyHistogram {

    private static final double[] BOUNDS_SECONDS =
            {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final long[] boundsNanos = new long[BOUNDS_SECONDS.length];
    /** One per bound, plus one for +Inf; not cumulative (render sums them). */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_SECONDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            boundsNanos[i] = (long) (BOUNDS_SECONDS[i] * 1e9);
        }
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void observe(long nanos) {
        int i = 0;
        while (i < boundsNanos.length && nanos > boundsNanos[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    void render(StringBuilder out, String name) {
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            String bound = i < BOUNDS_SECONDS.length ? Double.toString(BOUNDS_SECONDS[i]) : "+Inf";
            out.append(name).append("_bucket{le=\"").append(bound).append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_sum ").append(sumNanos.sum() / 1e9).append('\n');
        out.append(name).append("_count ").append(cumulative).append('\n');
    }
}
