package io.callisto.spawner.api;

import java.time.Duration;
import java.util.List;

/**
 * Starts, watches and stops single-user servers. Implementations are thread-safe: the hub calls
 * them for many servers at once, from worker threads (every method may block).
 */
public interface Spawner {

    /**
     * Starts the server that {@code request} describes and returns once it exists and its address
     * is known. The server may not answer HTTP yet: the hub polls {@link StartedServer#url()} for
     * readiness and calls {@link #poll} meanwhile to notice an early exit.
     *
     * @param request  who and what to start; its environment is complete except for
     *                 {@code JUPYTERHUB_SERVICE_URL}, which the spawner sets from the address it chose
     * @param progress receives events while starting (percentages below 100; the hub sends 100)
     * @return the address the proxy should route to and the state to persist
     * @throws SpawnException when the server cannot be started; nothing is left running then
     */
    StartedServer start(SpawnRequest request, ProgressListener progress) throws SpawnException;

    /**
     * Tells whether the server recorded in {@code state} is still running. Never throws for a server
     * that is gone (process exited, pod deleted, state from another machine): that is
     * {@link ServerStatus#stopped}. Cheap enough to call every few seconds per server.
     */
    ServerStatus poll(ServerState state);

    /**
     * Stops the server: asks it to exit, waits up to {@code grace}, then kills it and everything it
     * started. Returns once it is gone. Stopping a server that is already gone does nothing.
     */
    void stop(ServerState state, Duration grace);

    /**
     * The last lines the server wrote (stdout and stderr, oldest first), at most {@code maxLines};
     * empty when nothing is known. Used to explain a failed start.
     */
    List<String> logTail(ServerState state, int maxLines);
}
