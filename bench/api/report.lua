-- wrk script for bench/api/run.sh: after the run, prints one line "BENCH {json}" with the numbers
-- run.sh reads (wrk's own --latency text is printed too, for people). Latencies in microseconds.
-- wrk counts answers other than 2xx/3xx in errors.status; run.sh treats any of them as a failed run.

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH {"requests": %d, "duration_us": %d, "rps": %.2f, ' ..
      '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d, ' ..
      '"lat_p50_us": %d, "lat_p90_us": %d, "lat_p99_us": %d, "lat_max_us": %d, "lat_mean_us": %.1f}\n',
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
