package io.callisto.spawner.kubernetes;

import io.callisto.spawner.api.ProgressListener;
import io.callisto.spawner.api.ServerState;
import io.callisto.spawner.api.ServerStatus;
import io.callisto.spawner.api.SpawnException;
import io.callisto.spawner.api.SpawnRequest;
import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.api.StartedServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs each server as a pod (see the package documentation). Thread-safe. Starts its watches when
 * made and waits up to {@code syncTimeout} for the first list of pods, so that polls right after a
 * hub restart answer from a full cache; {@link #close()} stops them. Starts make their objects on
 * {@link KubernetesSpawnerSettings#apiConcurrency()} threads of their own and wait for their pods on
 * the watch, without a thread each ({@link PodStart}).
 */
public final class KubernetesSpawner implements Spawner, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KubernetesSpawner.class.getName());
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);
    private static final Duration FORCED_STOP = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final KubernetesSpawnerSettings settings;
    private final ClusterWatch watch;
    private final ExecutorService creators;
    private final ScheduledExecutorService timer;
    /** Starts under way, failed when the spawner closes. */
    private final Set<CompletableFuture<StartedServer>> starting = ConcurrentHashMap.newKeySet();
    /** Pods ({@code namespace/name}) this instance is creating, and uids of those it created: never orphans. */
    private final Set<String> creating = ConcurrentHashMap.newKeySet();
    private final Set<String> createdUids = ConcurrentHashMap.newKeySet();

    public KubernetesSpawner(KubernetesClient client, KubernetesSpawnerSettings settings, Duration syncTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.creators = Executors.newFixedThreadPool(settings.apiConcurrency(), daemons("callisto-kubernetes-create-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("callisto-kubernetes-start-timer-"));
        this.watch = new ClusterWatch(client, settings);
        watch.start(syncTimeout);
    }

    public KubernetesSpawnerSettings settings() {
        return settings;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Resolves the user options against the profiles, creates what the pod needs and the pod, and
     * completes once it runs with an address. Progress: the steps below 10, then the pod's events
     * (20 scheduled, 30 pulling, 40 pulled, 45 created, 50 started; events and the pod's status
     * come by separate watches, so late events may be missing), and 55 when the pod runs.
     *
     * @return completes on one of the spawner's threads (go on elsewhere with anything that blocks);
     *         or with a {@link SpawnException} at once for options no profile allows, a refusal by the
     *         API server (403, e.g. an exceeded quota), an image that cannot be pulled, a pod that
     *         cannot be scheduled (after the grace, if any), a container that crashes; after the start
     *         timeout otherwise. Nothing is left running then.
     */
    @Override
    public CompletableFuture<StartedServer> startAsync(SpawnRequest request, ProgressListener progress, Executor blocking) {
        ProfileSelection selection;
        try {
            selection = ProfileSelection.resolve(settings.profiles(), request.userOptions());
            serviceUrl("127.0.0.1", request.servicePrefix());
        } catch (InvalidUserOptionException e) {
            return CompletableFuture.failedFuture(new SpawnException(e.getMessage(), e));
        } catch (SpawnException e) {
            return CompletableFuture.failedFuture(e);
        }
        PodStart start = new PodStart(client, settings, watch, request, settings.defaults().then(selection.overrides()), progress);
        ServerObjects objects = start.objects();
        String key = objects.namespace() + "/" + objects.pod();
        if (!creating.add(key)) {
            return CompletableFuture.failedFuture(
                    new SpawnException("A start of " + request.displayName() + "'s server is already under way"));
        }
        CompletableFuture<StartedServer> started = start.run(creators, timer, blocking, pod -> createdUids.add(pod.getMetadata().getUid()))
                .thenApply(running -> {
                    try {
                        return startedServer(request, objects, running);
                    } catch (SpawnException e) {
                        throw new CompletionException(e);
                    }
                });
        starting.add(started);
        started.whenComplete((server, failure) -> {
            creating.remove(key);
            starting.remove(started);
        });
        return started;
    }

    private StartedServer startedServer(SpawnRequest request, ServerObjects objects, PodStart.Running running) throws SpawnException {
        Pod pod = running.pod();
        URI url = serviceUrl(running.host(), request.servicePrefix());
        Optional<String> service = settings.addressing() == KubernetesSpawnerSettings.Addressing.SERVICE
                ? Optional.of(objects.pod()) : Optional.empty();
        KubernetesServerState state = new KubernetesServerState(objects.namespace(), objects.pod(),
                pod.getMetadata().getUid(), objects.secret(), service);
        return new StartedServer(url, state.toServerState());
    }

    private static void onOwnThread(Runnable task) {
        Thread thread = new Thread(task, "callisto-kubernetes-cleanup");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * {@link #startAsync}, waited for; a failed start's clean-up runs on a thread of its own.
     *
     * @throws SpawnException as {@link #startAsync} completes with it, or when interrupted (the start goes on then)
     */
    @Override
    public StartedServer start(SpawnRequest request, ProgressListener progress) throws SpawnException {
        try {
            return startAsync(request, progress, KubernetesSpawner::onOwnThread).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SpawnException failure) {
                throw failure;
            }
            throw new SpawnException("Starting " + request.displayName() + "'s server failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpawnException("Interrupted while waiting for " + request.displayName() + "'s server to start", e);
        }
    }

    /**
     * {@code http://{host}:{port}{servicePrefix}}. The prefix is a URL path as the hub routes it,
     * already percent-encoded where needed, and is taken as it is.
     */
    private URI serviceUrl(String host, String servicePrefix) throws SpawnException {
        String address = host.contains(":") ? "[" + host + "]" : host;
        try {
            URI url = new URI("http://" + address + ":" + settings.port() + servicePrefix);
            if (!servicePrefix.startsWith("/") || !servicePrefix.equals(url.getRawPath())) {
                throw new URISyntaxException(servicePrefix, "not a URL path");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new SpawnException("The service prefix " + servicePrefix + " is not a URL path", e);
        }
    }

    /**
     * From the watch's cache, never from the API. Running while the recorded pod is there, not being
     * deleted, not ended and not crash-looping; also while the cache is not listed yet (after a
     * restart of the watch, or while the API server cannot be reached): a server is never called
     * stopped, and so deleted, on a guess.
     */
    @Override
    public ServerStatus poll(ServerState state) {
        Optional<KubernetesServerState> recorded = KubernetesServerState.from(state);
        if (recorded.isEmpty()) {
            return ServerStatus.stopped(null, "no pod is recorded for this server");
        }
        if (!watch.synced()) {
            return ServerStatus.RUNNING;
        }
        KubernetesServerState server = recorded.get();
        Optional<Pod> pod = watch.pod(server.namespace(), server.pod());
        if (pod.isEmpty()) {
            return ServerStatus.stopped(null, "its pod " + server.pod() + " was deleted");
        }
        if (!server.uid().equals(pod.get().getMetadata().getUid())) {
            return ServerStatus.stopped(null, "its pod " + server.pod() + " was replaced by another");
        }
        return PodStatuses.stoppedReason(pod.get())
                .map(reason -> ServerStatus.stopped(PodStatuses.exitCode(pod.get()).orElse(null), reason))
                .orElse(ServerStatus.RUNNING);
    }

    /**
     * Deletes the pod with {@code grace} as its grace period, and its Secret and Service, then waits
     * until the watch sees the pod gone. A pod still there 10 s after the
     * grace is deleted again without grace (its node may be gone). A pod of the same name with
     * another uid (a later start's) is left alone.
     *
     * @throws IllegalStateException when the API server cannot be reached or the pod does not go
     */
    @Override
    public void stop(ServerState state, Duration grace) {
        Optional<KubernetesServerState> recorded = KubernetesServerState.from(state);
        if (recorded.isEmpty()) {
            return;
        }
        KubernetesServerState server = recorded.get();
        Optional<Pod> cached = watch.pod(server.namespace(), server.pod());
        if (cached.isPresent() && !server.uid().equals(cached.get().getMetadata().getUid())) {
            return;
        }
        long deadline = System.nanoTime() + grace.plus(STOP_MARGIN).toNanos();
        try {
            ApiCalls.retrying(deadline, () -> client.pods().inNamespace(server.namespace()).withName(server.pod())
                    .withGracePeriod(grace.toSeconds()).delete());
            ApiCalls.retrying(deadline, () -> client.secrets().inNamespace(server.namespace()).withName(server.secret()).delete());
            if (server.service().isPresent()) {
                ApiCalls.retrying(deadline, () -> client.services().inNamespace(server.namespace())
                        .withName(server.service().get()).delete());
            }
            if (awaitGone(server, deadline)) {
                return;
            }
            LOG.log(Level.WARNING, "The pod " + server.key() + " outlived its grace; deleting it without grace");
            long forced = System.nanoTime() + FORCED_STOP.toNanos();
            ApiCalls.retrying(forced, () -> client.pods().inNamespace(server.namespace()).withName(server.pod())
                    .withGracePeriod(0).delete());
            if (!awaitGone(server, forced)) {
                throw new IllegalStateException("The pod " + server.key() + " is still there after it was deleted");
            }
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("Cannot delete the pod " + server.key() + ": " + ApiCalls.message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the pod " + server.key(), e);
        }
    }

    private boolean awaitGone(KubernetesServerState server, long deadline) throws InterruptedException {
        while (true) {
            Optional<Pod> pod = watch.pod(server.namespace(), server.pod());
            if (watch.synced() && (pod.isEmpty() || !server.uid().equals(pod.get().getMetadata().getUid()))) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    /** The single-user container's last lines, from the API server (the kubelet keeps them); empty when unavailable. */
    @Override
    public List<String> logTail(ServerState state, int maxLines) {
        Optional<KubernetesServerState> recorded = KubernetesServerState.from(state);
        if (recorded.isEmpty() || maxLines <= 0) {
            return List.of();
        }
        try {
            String log = client.pods().inNamespace(recorded.get().namespace()).withName(recorded.get().pod())
                    .inContainer(PodFactory.CONTAINER).tailingLines(maxLines).getLog();
            return log == null || log.isEmpty() ? List.of() : List.of(log.stripTrailing().split("\n"));
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    /**
     * Lists this hub's pods fresh from the API and deletes each one that no state in {@code owned}
     * names (by namespace, name and uid) and that this instance did not create, with its Secret and
     * Service. Logs and removes nothing when the API cannot be reached.
     */
    @Override
    public List<String> removeOrphans(Collection<ServerState> owned) {
        Set<String> known = owned.stream().map(KubernetesServerState::from).flatMap(Optional::stream)
                .map(s -> s.key() + "/" + s.uid()).collect(Collectors.toSet());
        List<Pod> ours;
        try {
            var selector = ServerObjects.selectorOf(settings.instance(), ServerObjects.SERVER_COMPONENT);
            ours = settings.userNamespaces().enabled()
                    ? client.pods().inAnyNamespace().withLabels(selector).list().getItems()
                    : client.pods().inNamespace(settings.namespace()).withLabels(selector).list().getItems();
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "Cannot list pods to remove orphans: " + ApiCalls.message(e));
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        for (Pod pod : ours) {
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            String uid = pod.getMetadata().getUid();
            if (known.contains(key + "/" + uid) || creating.contains(key) || createdUids.contains(uid)) {
                continue;
            }
            try {
                deleteWithCompanions(pod);
                String user = Optional.ofNullable(pod.getMetadata().getAnnotations())
                        .map(a -> a.get(ServerObjects.USER_NAME)).orElse("?");
                removed.add("pod " + key + " of user " + user);
            } catch (KubernetesClientException e) {
                LOG.log(Level.WARNING, "Cannot remove the orphaned pod " + key + ": " + ApiCalls.message(e));
            }
        }
        return removed;
    }

    private void deleteWithCompanions(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        client.pods().inNamespace(namespace).withName(name).delete();
        client.secrets().inNamespace(namespace).withName(KubernetesNames.fit(name + "-token")).delete();
        if (settings.addressing() == KubernetesSpawnerSettings.Addressing.SERVICE) {
            client.services().inNamespace(namespace).withName(name).delete();
        }
    }

    /**
     * When storage is deleted with users: deletes the user's volume claims (found by their user
     * label) and, with per-user namespaces, the user's namespace. Logs rather than throws.
     */
    @Override
    public void forgetUser(String userName) {
        if (!settings.storage().deleteWithUser()) {
            return;
        }
        String namespace = ServerObjects.namespaceOf(settings, userName);
        try {
            var labels = ServerObjects.userLabels(settings.instance(), "user-storage", userName);
            client.persistentVolumeClaims().inNamespace(namespace).withLabels(labels).delete();
            if (settings.userNamespaces().enabled()) {
                client.namespaces().withName(namespace).delete();
            }
            LOG.log(Level.INFO, "Deleted the storage of the deleted user " + userName + " in " + namespace);
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "Cannot delete the storage of the deleted user " + userName + ": " + ApiCalls.message(e));
        }
    }

    /** How the watches are doing, for metrics. */
    public WatchHealth watchHealth() {
        return watch.health();
    }

    /** Stops the watches and fails the starts under way. The pods keep running. */
    @Override
    public void close() {
        creators.shutdownNow();
        timer.shutdownNow();
        starting.forEach(start -> start.completeExceptionally(new SpawnException("The spawner was closed during the start")));
        watch.close();
    }
}
