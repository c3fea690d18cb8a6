-- wrk script for bench/proxy/run.sh: after the run, one line "WRK {json}" with the numbers run.sh
-- keeps (wrk's own --latency text is printed above it, for people). Latencies in microseconds.
-- wrk counts answers other than 2xx/3xx in errors.status; run.sh fails a run that has any.

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'WRK {"requests": %d, "seconds": %.3f, "rps": %.1f, "non_2xx": %d, "socket_errors": %d, ' ..
      '"timeouts": %d, "mean_us": %.1f, "p50_us": %d, "p75_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      e.status, e.connect + e.read + e.write, e.timeout, latency.mean,
      latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(99), latency.max))
end
