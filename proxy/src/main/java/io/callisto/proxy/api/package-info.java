/**
 * The API listener: CHP's routes API ({@code /api/routes}, token required), plus {@code GET /health}
 * and {@code GET /metrics} (Prometheus text), which need no token. The listener binds loopback by
 * default, like CHP's API; expose it further only on a network you trust with the metrics. It runs
 * on Netty directly, on the public listener's event loops, without Vert.x's HTTP server.
 */
package io.callisto.proxy.api;
