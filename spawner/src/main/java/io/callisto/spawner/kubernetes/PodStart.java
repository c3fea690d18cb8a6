package io.callisto.spawner.kubernetes;

import io.callisto.spawner.api.ProgressListener;
import io.callisto.spawner.api.SpawnException;
import io.callisto.spawner.api.SpawnRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One start of one server: the user's namespace and claim if configured, the pod, its Secret (and
 * Service), then waiting on the shared watch until the pod runs with an address, showing its
 * events as progress and giving up at once when its status or an event says it cannot start. On
 * any failure the pod and its companions are deleted before the start ends.
 *
 * <p>The objects are made on one of the spawner's {@code creators} (at most
 * {@link KubernetesSpawnerSettings#apiConcurrency()} starts at a time: see {@link #create}). The
 * wait then holds no thread: the start looks at its pod whenever the watch brings news of it and
 * every {@link #WAKE_UP} on the spawner's {@code timer} (for its deadlines), so a storm of starts
 * waiting for their pods costs no thread each.
 */
final class PodStart {

    private static final Duration CLEANUP = Duration.ofSeconds(30);
    private static final Duration WAKE_UP = Duration.ofSeconds(1);
    private static final int FAILURE_LOG_LINES = 20;

    private final KubernetesClient client;
    private final KubernetesSpawnerSettings settings;
    private final ClusterWatch watch;
    private final SpawnRequest request;
    private final ServerObjects objects;
    private final Overrides overrides;
    private final ProgressListener progress;
    private final long deadline;
    private final String who;
    private final CompletableFuture<Running> result = new CompletableFuture<>();
    private final Set<String> seenEvents = new HashSet<>();
    private int percent;
    private Long unschedulableSince;
    private boolean seen;
    private String last = "not yet seen by the watch";
    private boolean ended;

    PodStart(KubernetesClient client, KubernetesSpawnerSettings settings, ClusterWatch watch, SpawnRequest request,
            Overrides overrides, ProgressListener progress) {
        this.client = client;
        this.settings = settings;
        this.watch = watch;
        this.request = request;
        this.objects = ServerObjects.of(settings, request.userName(), request.serverName());
        this.overrides = overrides;
        this.progress = progress;
        this.deadline = System.nanoTime() + settings.timing().startTimeout().toNanos();
        this.who = request.displayName() + "'s server";
    }

    ServerObjects objects() {
        return objects;
    }

    /**
     * @param creators  where the objects are made, one start at a time per thread, first come first served
     * @param timer     wakes the wait up every {@link #WAKE_UP}
     * @param blocking  where a failed start fetches the pod's log and deletes what it made
     * @param created   receives the pod as soon as the API created it (before it runs)
     * @return completes with the running pod and the host the proxy should reach it at, on one of the
     *         spawner's threads (the creator's, the watch's or the timer's: go on elsewhere with
     *         anything that blocks); or with the {@link SpawnException}, once what it made is deleted
     */
    CompletableFuture<Running> run(Executor creators, ScheduledExecutorService timer, Executor blocking, Consumer<Pod> created) {
        StartInbox inbox = watch.open(objects.namespace(), objects.pod());
        result.whenComplete((running, failure) -> inbox.close());
        try {
            creators.execute(() -> {
                try {
                    Pod pod = create(created);
                    String uid = pod.getMetadata().getUid();
                    ScheduledFuture<?> ticks = timer.scheduleWithFixedDelay(() -> check(inbox, pod, uid, blocking),
                            WAKE_UP.toMillis(), WAKE_UP.toMillis(), TimeUnit.MILLISECONDS);
                    result.whenComplete((running, failure) -> ticks.cancel(false));
                    inbox.onNews(() -> check(inbox, pod, uid, blocking));
                    check(inbox, pod, uid, blocking);
                } catch (SpawnException | RuntimeException e) {
                    result.completeExceptionally(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cleanUp(null);
                    result.completeExceptionally(new SpawnException("Starting " + who + " was interrupted", e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new SpawnException("The spawner is closed; " + who + " was not started", e));
        }
        return result;
    }

    /**
     * Creates what the pod needs, the pod and its companions, on one of the spawner's creators: a
     * storm's starts create their objects a few at a time, each start's one after another, so that a
     * pod's Secret follows it at once instead of queueing behind every other start's requests (the
     * kubelet waits for it meanwhile). Deletes the pod again when a companion cannot be made.
     */
    private Pod create(Consumer<Pod> created) throws SpawnException, InterruptedException {
        prepareUserObjects();
        removeLeftover();
        step(10, "Creating pod " + objects.pod() + " in namespace " + objects.namespace());
        Pod pod = createPod(PodFactory.desired(settings, objects, request.servicePrefix(), request.environment(), overrides));
        created.accept(pod);
        try {
            call("create the token secret", () -> createOrReplace(PodCompanions.secret(objects, request.environment(), pod)));
            if (settings.addressing() == KubernetesSpawnerSettings.Addressing.SERVICE) {
                call("create the service", () -> createOrReplace(PodCompanions.service(settings, objects, pod)));
            }
            return pod;
        } catch (SpawnException | RuntimeException e) {
            cleanUp(pod);
            throw e;
        }
    }

    /** A started pod and where to reach it. */
    record Running(Pod pod, String host) {
    }

    private void prepareUserObjects() throws SpawnException, InterruptedException {
        String user = request.userName();
        if (settings.userNamespaces().enabled()) {
            step(3, "Preparing namespace " + objects.namespace());
            call("create the namespace", () -> createIfAbsent(UserObjects.namespace(settings, objects.namespace(), user)));
            HasMetadata quota = UserObjects.quota(settings, objects.namespace(), user);
            if (quota != null) {
                call("apply the resource quota", () -> createOrReplace(quota));
            }
            HasMetadata limits = UserObjects.limitRange(settings, objects.namespace(), user);
            if (limits != null) {
                call("apply the limit range", () -> createOrReplace(limits));
            }
        }
        if (objects.claim().isPresent()) {
            String claim = objects.claim().get();
            boolean made = call("create the volume claim",
                    () -> createIfAbsent(UserObjects.claim(settings, objects.namespace(), claim, user)));
            step(6, made ? "Created volume claim " + claim : "Using volume claim " + claim);
        }
    }

    /**
     * A pod of this name left by an earlier start or hub is deleted, and its end awaited, before a
     * new one is made. The watch's cache says whether there is one (no request per start); a cache
     * that lags shows as a conflict when the pod is created, handled the same way.
     */
    private void removeLeftover() throws SpawnException, InterruptedException {
        if (watch.synced() && watch.pod(objects.namespace(), objects.pod()).isEmpty()) {
            return;
        }
        if (call("look for an earlier pod", () -> client.pods().inNamespace(objects.namespace())
                .withName(objects.pod()).get()) != null) {
            deleteLeftover();
        }
    }

    private void deleteLeftover() throws SpawnException, InterruptedException {
        step(8, "Removing the earlier pod " + objects.pod());
        call("delete the earlier pod", () -> client.pods().inNamespace(objects.namespace()).withName(objects.pod())
                .withGracePeriod(0).delete());
        while (call("wait for the earlier pod to go", () -> client.pods().inNamespace(objects.namespace())
                .withName(objects.pod()).get()) != null) {
            if (System.nanoTime() - deadline > 0) {
                throw new SpawnException("The earlier pod " + objects.pod() + " of " + who + " did not go away");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Creates the pod. A conflict means a pod of this name exists after all: one the cache did not
     * show yet, or this very pod when an earlier try's answer was lost. Either way it is deleted and
     * the pod made anew, so that it runs with this start's token.
     */
    private Pod createPod(Pod desired) throws SpawnException, InterruptedException {
        try {
            return call("create the pod", () -> client.pods().inNamespace(objects.namespace()).resource(desired).create());
        } catch (SpawnException e) {
            if (!(e.getCause() instanceof KubernetesClientException conflict) || !ApiCalls.isConflict(conflict)) {
                throw e;
            }
        }
        deleteLeftover();
        return call("create the pod", () -> client.pods().inNamespace(objects.namespace()).resource(desired).create());
    }

    /**
     * Looks at the pod in the watch's cache and at the events that came about it: completes the start
     * when the pod runs, fails it when its status or an event says it cannot start, it vanished or
     * was replaced, or the start timeout passed; otherwise waits for the next news or wake-up. A
     * failure fetches the log and deletes the pod on {@code blocking}, not on the watch's thread.
     */
    private synchronized void check(StartInbox inbox, Pod created, String uid, Executor blocking) {
        if (ended) {
            return;
        }
        try {
            Optional<String> podIp = runningAt(uid);
            for (Event event : inbox.drain()) {
                onEvent(event, uid);
            }
            if (podIp.isPresent()) {
                step(55, "Pod " + objects.pod() + " is running at " + podIp.get());
                String host = settings.addressing() == KubernetesSpawnerSettings.Addressing.SERVICE
                        ? PodCompanions.serviceHost(settings, objects) : podIp.get();
                ended = true;
                result.complete(new Running(created, host));
            } else if (deadline - System.nanoTime() <= 0) {
                throw new Failure("The pod of " + who + " did not start within " + settings.timing().startTimeout().toSeconds()
                        + " seconds (last: " + last + ")", watch.pod(objects.namespace(), objects.pod()).orElse(null));
            }
        } catch (Failure | RuntimeException e) {
            ended = true;
            blocking.execute(() -> {
                SpawnException failure = e instanceof Failure f ? failure(f.getMessage(), f.pod) : new SpawnException(e.toString(), e);
                cleanUp(created);
                result.completeExceptionally(failure);
            });
        }
    }

    /**
     * The pod's address once it runs; empty while it is on its way (noting why, and since when it
     * cannot be scheduled).
     *
     * @throws Failure when it failed, cannot be scheduled past the grace, vanished or was replaced
     */
    private Optional<String> runningAt(String uid) throws Failure {
        Optional<Pod> cached = watch.pod(objects.namespace(), objects.pod());
        if (cached.isEmpty()) {
            if (seen && watch.synced()) {
                throw new Failure("The pod of " + who + " was deleted while starting", null);
            }
            return Optional.empty();
        }
        if (!uid.equals(cached.get().getMetadata().getUid())) {
            throw new Failure("The pod of " + who + " was replaced by another while starting", null);
        }
        seen = true;
        PodStatuses.Verdict verdict = PodStatuses.duringStart(cached.get(), objects.secret());
        if (verdict instanceof PodStatuses.Verdict.Ready ready) {
            return Optional.of(ready.podIp());
        } else if (verdict instanceof PodStatuses.Verdict.Failed failed) {
            throw new Failure(failed.message(), cached.get());
        } else if (verdict instanceof PodStatuses.Verdict.Unschedulable unschedulable) {
            unschedulable(unschedulable.message());
        } else if (verdict instanceof PodStatuses.Verdict.Waiting waiting) {
            unschedulableSince = null;
            last = waiting.why();
        }
        return Optional.empty();
    }
    /** An event about this start's pod, seen for the first time (by uid and count), shown or acted on. */
    private void onEvent(Event event, String uid) throws Failure {
        String about = event.getInvolvedObject().getUid();
        String id = event.getMetadata().getUid() + "/" + event.getCount();
        if ((about != null && !about.equals(uid)) || !seenEvents.add(id)) {
            return;
        }
        Optional<PodEvents.Note> note = PodEvents.of(event);
        if (note.isEmpty()) {
            return;
        }
        if (note.get().fatal()) {
            throw new Failure(note.get().message(), watch.pod(objects.namespace(), objects.pod()).orElse(null));
        }
        if (note.get().unschedulable()) {
            unschedulable(note.get().message());
            return;
        }
        percent = Math.max(percent, note.get().percent().orElse(percent));
        progress.progress(percent, note.get().message());
    }

    /** The pod cannot be scheduled: shown once, a failure once it stayed so past the grace. */
    private void unschedulable(String message) throws Failure {
        long now = System.nanoTime();
        Duration grace = settings.timing().unschedulableGrace();
        if (unschedulableSince != null && now - unschedulableSince >= grace.toNanos() || grace.isZero()) {
            throw new Failure(message, null);
        }
        if (unschedulableSince == null) {
            progress.progress(percent, message + " (waiting up to " + grace.toSeconds() + " s for a node)");
            unschedulableSince = now;
        }
    }

    /** The failure, with the server's last log lines when its container ran. */
    private SpawnException failure(String message, Pod pod) {
        if (pod == null || !PodStatuses.hasRun(pod)) {
            return new SpawnException(message);
        }
        try {
            String log = client.pods().inNamespace(objects.namespace()).withName(objects.pod()).inContainer(PodFactory.CONTAINER)
                    .tailingLines(FAILURE_LOG_LINES).getLog();
            return new SpawnException(log == null || log.isBlank() ? message
                    : message + ". Last lines of its log:\n" + log.stripTrailing());
        } catch (KubernetesClientException e) {
            return new SpawnException(message);
        }
    }

    /** Deletes what the start made (never the claim or namespace); logs rather than throws. */
    private void cleanUp(Pod pod) {
        long until = System.nanoTime() + CLEANUP.toNanos();
        try {
            ApiCalls.retrying(until, () -> client.pods().inNamespace(objects.namespace()).withName(objects.pod())
                    .withGracePeriod(0).delete());
            ApiCalls.retrying(until, () -> client.secrets().inNamespace(objects.namespace()).withName(objects.secret()).delete());
            if (settings.addressing() == KubernetesSpawnerSettings.Addressing.SERVICE) {
                ApiCalls.retrying(until, () -> client.services().inNamespace(objects.namespace()).withName(objects.pod()).delete());
            }
        } catch (KubernetesClientException | InterruptedException e) {
            System.getLogger(PodStart.class.getName()).log(System.Logger.Level.WARNING, "Could not delete the pod "
                    + objects.namespace() + "/" + objects.pod() + " of a failed start (it is removed as an orphan at the"
                    + " next hub start): " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void step(int at, String message) {
        percent = Math.max(percent, at);
        progress.progress(percent, message);
    }

    private <T> T call(String what, Supplier<T> call) throws SpawnException, InterruptedException {
        try {
            return ApiCalls.retrying(deadline, call);
        } catch (KubernetesClientException e) {
            throw new SpawnException("Cannot " + what + " for " + who + ": " + ApiCalls.message(e), e);
        }
    }

    /** True when made, false when it existed (and is left as it is). */
    private boolean createIfAbsent(HasMetadata object) {
        try {
            client.resource(object).create();
            return true;
        } catch (KubernetesClientException e) {
            if (ApiCalls.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    private HasMetadata createOrReplace(HasMetadata object) {
        try {
            return client.resource(object).create();
        } catch (KubernetesClientException e) {
            if (ApiCalls.isConflict(e)) {
                object.getMetadata().setResourceVersion(null);
                return client.resource(object).update();
            }
            throw e;
        }
    }

    /** Why a start cannot go on, and the pod whose log explains it (null when there is none to read). */
    private static final class Failure extends Exception {
        private final transient Pod pod;

        Failure(String message, Pod pod) {
            super(message, null, false, false);
            this.pod = pod;
        }
    }
}
