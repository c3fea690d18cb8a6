/**
 * The proxy's Prometheus metrics: counters that each event loop keeps for itself
 * ({@link io.callisto.proxy.metrics.Counters}) and bumps without allocating, locking or sharing a
 * cache line with another loop, summed and rendered as Prometheus text only when scraped.
 *
 * <p>Vocabulary: a <b>failure</b> is a request the proxy answered itself because it could not
 * forward it (no route, target unreachable or too slow, websocket limit) or one cut short by either
 * side closing early; <b>upstream latency</b> is the time from sending a request to a target until
 * its status and headers arrive.
 */
package io.callisto.proxy.metrics;
