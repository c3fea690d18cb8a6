/**
 * Callisto's proxy: an HTTP and WebSocket reverse proxy that speaks configurable-http-proxy's
 * routes API, so the hub (or stock JupyterHub) drives it exactly as it drives CHP.
 *
 * <p>Vocabulary:
 * <ul>
 *   <li><b>route</b>: a path prefix such as {@code /user/alice} and the data stored with it, at least
 *       a {@code target} URL; the longest route whose path segments begin a request's path wins;</li>
 *   <li><b>target</b>: the server a route forwards to ({@code http://10.0.0.7:8888});</li>
 *   <li><b>public listener</b>: where browsers connect (CHP's {@code --ip}/{@code --port});</li>
 *   <li><b>API listener</b>: where the hub manages routes and where health and metrics are served
 *       (CHP's {@code --api-ip}/{@code --api-port});</li>
 *   <li><b>activity</b>: the time traffic last passed through a route, reported as
 *       {@code last_activity} and read by the hub's idle culler.</li>
 * </ul>
 *
 * <p>Features: {@code routes} (the route table and its API), {@code forward} (proxying HTTP and
 * WebSocket traffic), {@code api} (the API listener), {@code metrics}, {@code launch} (command line
 * and start-up). {@link io.callisto.proxy.ProxyConfig} documents every setting.
 */
package io.callisto.proxy;
