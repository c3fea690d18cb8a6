/**
 * Forwarding traffic from the public listener to route targets.
 *
 * <p>Vocabulary:
 * <ul>
 *   <li><b>exchange</b>: one HTTP request and its response, streamed both ways with backpressure
 *       (a reader pauses while its writer's queue is full), never held whole in memory;</li>
 *   <li><b>tunnel</b>: a websocket after its handshake, carried as raw bytes in both directions, so
 *       frames, sub-protocols, extensions and close codes pass through untouched;</li>
 *   <li><b>hop-by-hop headers</b>: headers about one connection ({@code Connection},
 *       {@code Transfer-Encoding}, ...), which a proxy must not forward;</li>
 *   <li><b>error page</b>: what the proxy sends when it cannot forward (404, 503, 504), fetched from
 *       the error target when one is configured.</li>
 * </ul>
 *
 * <p>{@link io.callisto.proxy.forward.PublicServer} runs the public listener on Netty directly: one
 * event loop per core, each with its own pool of connections to targets, so a request and its
 * forwarded copy stay on one thread; decoded requests and responses are forwarded as objects, their
 * bodies as the buffers they were read into.
 */
package io.callisto.proxy.forward;
