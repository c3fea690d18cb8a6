package io.callisto.spawner.api;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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
     * Starts as {@link #start} does, without holding the caller's thread: the future completes with
     * the started server, or exceptionally with the {@link SpawnException}. The hub starts servers
     * this way, so that a storm of starts waiting for their servers holds no thread each. The default
     * runs {@link #start} on {@code blocking}; a spawner that can wait without a thread (for a pod,
     * on its watch) overrides it.
     *
     * @param blocking runs work that blocks (API calls, cleaning up after a failure); may create a
     *                 thread per task
     */
    default CompletableFuture<StartedServer> startAsync(SpawnRequest request, ProgressListener progress, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start(request, progress);
            } catch (SpawnException e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }

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

    /**
     * Called once when the hub starts, after it has settled what a previous hub left half-done and
     * polled the servers it records as running. {@code owned} holds the state of every server the
     * hub still records (running or starting). A spawner that can enumerate what it runs (pods
     * labelled as this hub's) removes each server that no state in {@code owned} names and that it
     * did not start itself, so nothing keeps running that no record owns (a pod whose start the
     * previous hub never recorded, one whose row was deleted). Must not throw: when it cannot tell,
     * it removes nothing.
     *
     * @return what was removed, one line each, for the hub's log; the default removes nothing,
     *         as a spawner that cannot enumerate its servers (the local one) must
     */
    default List<String> removeOrphans(Collection<ServerState> owned) {
        return List.of();
    }

    /**
     * Called after the hub deleted a user, whose servers it stopped before: drops what the spawner
     * keeps for the user across servers and restarts (a volume, a namespace) when it is configured
     * to. Must not throw. The default keeps nothing, so does nothing.
     *
     * @param userName the deleted user's name
     */
    default void forgetUser(String userName) {
    }
}
