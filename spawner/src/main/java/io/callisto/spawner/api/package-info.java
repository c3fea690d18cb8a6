/**
 * The spawner contract: how the hub starts, watches and stops one single-user Jupyter server.
 *
 * <p>Vocabulary:
 * <ul>
 *   <li><b>server</b>: one Jupyter server of one user, named ({@code ""} for the default server);</li>
 *   <li><b>state</b>: what a spawner needs to find its server again after a hub restart
 *       ({@link io.callisto.spawner.api.ServerState}); the hub persists it and never interprets it;</li>
 *   <li><b>progress</b>: human-readable events with a percentage, shown while a server starts.</li>
 * </ul>
 *
 * <p>This package holds no Quarkus, Kubernetes or hub type: implementations live in sibling packages
 * ({@code spawner.local}, {@code spawner.kubernetes}).
 */
package io.callisto.spawner.api;
