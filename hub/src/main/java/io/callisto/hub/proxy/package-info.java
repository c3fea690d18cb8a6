/**
 * The hub's side of the proxy: it starts Callisto's proxy as a child process (or uses an external one
 * that speaks configurable-http-proxy's routes API), adds a route {@code /user/{name}/} → server when a
 * server is ready, removes it when the server stops, and reconciles all of its routes periodically.
 *
 * <p>Routes the hub owns carry {@code "jupyterhub": true} in their data, as JupyterHub marks them; the
 * hub never touches other routes.
 */
package io.callisto.hub.proxy;
