package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One shared informer (one list and one watch of a kind in a scope), kept alive. fabric8 informers
 * reconnect a watch that closes, but they stop for good on some errors, and a watch whose connection
 * hangs without closing (a dropped NAT entry, a stuck proxy) goes quiet for up to ten minutes while
 * its cache looks fine: KubeSpawner's reflector has both failure modes. So every
 * {@link #check() check} (called every few seconds by {@link ClusterWatch}):
 * <ul>
 *   <li>a <b>stopped</b> informer is replaced by a new one (fresh list, fresh watch);</li>
 *   <li>an informer that has listed but is <b>not watching</b> at two checks in a row is replaced;</li>
 *   <li>with an {@code audit} (pods), a fresh list is compared with the cache: an object whose
 *       cached version has not moved since the previous check, although the API had another
 *       version then (or no longer had it, or the cache lacked it), means the watch delivers
 *       nothing: <b>stale</b>, and replaced;</li>
 *   <li>with an audit, a list that fails at two checks in a row means the API server is out of
 *       reach: fabric8 keeps reconnecting the watch and calling it watching, but the cache is
 *       <b>no longer trusted</b> ({@link #synced()} is false) until the API server answers again,
 *       when the informer is replaced.</li>
 * </ul>
 * Each replacement is logged and counted ({@link #restarts()}); replacements back off exponentially
 * (1 s doubling to 1 min) while they keep failing. Thread-safe: checks are serialised.
 */
final class SupervisedInformer<T extends HasMetadata> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SupervisedInformer.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final String name;
    private final Supplier<SharedIndexInformer<T>> factory;
    private final Optional<Supplier<List<T>>> audit;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong staleDetections = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile SharedIndexInformer<T> current;
    private volatile CompletableFuture<Void> listed = new CompletableFuture<>();
    private int notWatchingChecks;
    private int failedAudits;
    private volatile boolean trusted = true;
    private Map<String, String> suspects = Map.of();
    private long nextRestartNanos;
    private Duration backoff = FIRST_BACKOFF;
    private boolean closed;

    /**
     * @param name    for logs: {@code pods in namespace jhub}
     * @param factory makes a new, not yet started informer with the event handlers attached
     * @param audit   lists the objects fresh from the API, for the staleness check; empty for none
     */
    SupervisedInformer(String name, Supplier<SharedIndexInformer<T>> factory, Optional<Supplier<List<T>>> audit) {
        this.name = name;
        this.factory = factory;
        this.audit = audit;
    }

    synchronized void start() {
        current = started();
        listed = current.start().toCompletableFuture();
    }

    /** Waits until the current informer (or the one that replaced it meanwhile) has listed everything. */
    boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Void> future = listed;
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } catch (ExecutionException e) {
                synchronized (this) {
                    while (future == listed) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                }
            } catch (TimeoutException e) {
                return false;
            }
        }
    }

    private SharedIndexInformer<T> started() {
        SharedIndexInformer<T> informer = factory.get();
        informer.exceptionHandler(this::onError);
        return informer;
    }

    /**
     * True once the current informer has listed everything and while its cache is trusted; false
     * for a moment after a replacement, and while the API server is out of reach.
     */
    boolean synced() {
        SharedIndexInformer<T> informer = current;
        return trusted && informer != null && informer.hasSynced();
    }

    boolean watching() {
        SharedIndexInformer<T> informer = current;
        return trusted && informer != null && informer.isWatching();
    }

    /** The cached object with this {@code namespace/name} key, or null. */
    T get(String key) {
        SharedIndexInformer<T> informer = current;
        return informer == null ? null : informer.getStore().getByKey(key);
    }

    List<T> cached() {
        SharedIndexInformer<T> informer = current;
        return informer == null ? List.of() : informer.getStore().list();
    }

    long restarts() {
        return restarts.get();
    }

    long staleDetections() {
        return staleDetections.get();
    }

    long errors() {
        return errors.get();
    }

    /** The informers' exception handler: the error is logged and counted, and the informer retries. */
    private boolean onError(boolean started, Throwable error) {
        errors.incrementAndGet();
        LOG.log(Level.WARNING, "The " + name + " watch failed" + (started ? "" : " to start") + ", retrying: " + error);
        return true;
    }

    /**
     * Replaces the informer when it stopped, does not watch, is stale, or was out of reach (see the
     * class documentation).
     *
     * @return whether it was replaced
     */
    synchronized boolean check() {
        if (closed || current == null) {
            return false;
        }
        SharedIndexInformer<T> informer = current;
        if (informer.stopped().toCompletableFuture().isDone()) {
            return restart("stopped");
        }
        notWatchingChecks = informer.isWatching() || !informer.hasSynced() ? 0 : notWatchingChecks + 1;
        if (notWatchingChecks >= 2) {
            return restart("not watching since the check before last");
        }
        boolean restarted = audit.isPresent() && informer.hasSynced() && auditAgainst(informer);
        if (!restarted && trusted && notWatchingChecks == 0 && System.nanoTime() - nextRestartNanos > 0) {
            backoff = FIRST_BACKOFF;
        }
        return restarted;
    }

    /** Replaces the informer now (unless one was replaced within the back-off); returns whether it was. */
    synchronized boolean restartNow(String why) {
        return !closed && current != null && restart(why);
    }

    private boolean auditAgainst(SharedIndexInformer<T> informer) {
        List<T> fresh;
        try {
            fresh = audit.get().get();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            LOG.log(Level.WARNING, "Cannot list " + name + " to check its watch: " + e.getMessage());
            if (++failedAudits >= 2 && trusted) {
                trusted = false;
                LOG.log(Level.WARNING, "The API server is out of reach: the " + name
                        + " cache is not trusted until it answers again");
            }
            return false;
        }
        failedAudits = 0;
        if (!trusted) {
            return restart("the API server answers again");
        }
        Map<String, String> cached = versions(informer.getStore().list());
        Map<String, String> listed = versions(fresh);
        Map<String, String> differing = new HashMap<>();
        listed.forEach((key, version) -> {
            if (!version.equals(cached.get(key))) {
                differing.put(key, String.valueOf(cached.get(key)));
            }
        });
        cached.forEach((key, version) -> {
            if (!listed.containsKey(key)) {
                differing.put(key, version);
            }
        });
        Map<String, String> previous = suspects;
        suspects = differing;
        Optional<String> stuck = differing.entrySet().stream()
                .filter(e -> Objects.equals(previous.get(e.getKey()), e.getValue())).map(Map.Entry::getKey).findFirst();
        if (stuck.isPresent()) {
            staleDetections.incrementAndGet();
            return restart("stale: " + stuck.get() + " differs from the API since the previous check");
        }
        return false;
    }

    private boolean restart(String why) {
        if (System.nanoTime() - nextRestartNanos < 0) {
            return false;
        }
        restarts.incrementAndGet();
        LOG.log(Level.WARNING, "Restarting the " + name + " watch (" + why + "); restart " + restarts.get());
        current.stop();
        suspects = Map.of();
        notWatchingChecks = 0;
        nextRestartNanos = System.nanoTime() + backoff.toNanos();
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        current = started();
        listed = current.start().toCompletableFuture();
        notifyAll();
        trusted = true;
        failedAudits = 0;
        return true;
    }

    private static <T extends HasMetadata> Map<String, String> versions(List<T> objects) {
        Map<String, String> versions = new HashMap<>();
        for (T object : objects) {
            versions.put(object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(),
                    String.valueOf(object.getMetadata().getResourceVersion()));
        }
        return versions;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.stop();
        }
    }
}
