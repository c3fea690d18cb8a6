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
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One start of one server: the user's namespace and claim if configured, the pod, its Secret (and
 * Service), then waiting on the shared watch until the pod runs with an address, showing its
 * events as progress and giving up at once when its status or an event says it cannot start. On
 * any failure the pod and its companions are deleted before the exception leaves.
 */
final class PodStart {

    private static final Duration CLEANUP = Duration.ofSeconds(30);
    private static final Duration WAKE_UP = Duration.ofSeconds(1);
    private static final int FAILURE_LOG_LINES = 20;

    private final KubernetesClient client;
    private final Semaphore apiPermits;
    private final KubernetesSpawnerSettings settings;
    private final ClusterWatch watch;
    private final SpawnRequest request;
    private final ServerObjects objects;
    private final Overrides overrides;
    private final ProgressListener progress;
    private final long deadline;
    private final String who;
    private int percent;

    /** @param apiPermits shared by every start ({@link KubernetesSpawnerSettings#apiConcurrency()}): see {@link #create} */
    PodStart(KubernetesClient client, Semaphore apiPermits, KubernetesSpawnerSettings settings, ClusterWatch watch,
            SpawnRequest request, Overrides overrides, ProgressListener progress) {
        this.client = client;
        this.apiPermits = apiPermits;
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
     * @param created receives the pod as soon as the API created it (before it runs)
     * @return the running pod and the host the proxy should reach it at
     */
    Running run(Consumer<Pod> created) throws SpawnException {
        try (StartInbox inbox = watch.open(objects.namespace(), objects.pod())) {
            Pod pod = create(created);
            try {
                String podIp = awaitRunning(inbox, pod.getMetadata().getUid());
                String host = settings.addressing() == KubernetesSpawnerSettings.Addressing.SERVICE
                        ? PodCompanions.serviceHost(settings, objects) : podIp;
                return new Running(pod, host);
            } catch (SpawnException | RuntimeException e) {
                cleanUp(pod);
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cleanUp(null);
            throw new SpawnException("Starting " + who + " was interrupted", e);
        }
    }

    /**
     * Creates what the pod needs, the pod and its companions, holding one of the shared
     * {@code apiPermits} throughout: a storm's starts create their objects a few at a time, each
     * start's one after another, so that a pod's Secret follows it at once instead of queueing behind
     * every other start's requests (the kubelet waits for it meanwhile).
     */
    private Pod create(Consumer<Pod> created) throws SpawnException, InterruptedException {
        apiPermits.acquire();
        try {
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
        } finally {
            apiPermits.release();
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

    private String awaitRunning(StartInbox inbox, String uid) throws SpawnException, InterruptedException {
        Set<String> seenEvents = new HashSet<>();
        Long unschedulableSince = null;
        boolean seen = false;
        String last = "not yet seen by the watch";
        while (true) {
            Optional<Pod> cached = watch.pod(objects.namespace(), objects.pod());
            if (cached.isPresent() && !uid.equals(cached.get().getMetadata().getUid())) {
                throw new SpawnException("The pod of " + who + " was replaced by another while starting");
            }
            if (cached.isPresent()) {
                seen = true;
                PodStatuses.Verdict verdict = PodStatuses.duringStart(cached.get(), objects.secret());
                if (verdict instanceof PodStatuses.Verdict.Ready ready) {
                    for (Event event : inbox.drain()) {
                        unschedulableSince = onEvent(event, uid, seenEvents, unschedulableSince);
                    }
                    step(55, "Pod " + objects.pod() + " is running at " + ready.podIp());
                    return ready.podIp();
                } else if (verdict instanceof PodStatuses.Verdict.Failed failed) {
                    throw failure(failed.message(), cached.get());
                } else if (verdict instanceof PodStatuses.Verdict.Unschedulable unschedulable) {
                    unschedulableSince = unschedulable(unschedulableSince, unschedulable.message());
                } else if (verdict instanceof PodStatuses.Verdict.Waiting waiting) {
                    unschedulableSince = null;
                    last = waiting.why();
                }
            } else if (seen && watch.synced()) {
                throw new SpawnException("The pod of " + who + " was deleted while starting");
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw failure("The pod of " + who + " did not start within " + settings.timing().startTimeout().toSeconds()
                        + " seconds (last: " + last + ")", cached.orElse(null));
            }
            for (Event event : inbox.await(Duration.ofNanos(Math.min(remaining, WAKE_UP.toNanos())))) {
                unschedulableSince = onEvent(event, uid, seenEvents, unschedulableSince);
            }
        }
    }

    /** An event about this start's pod, seen for the first time (by uid and count), shown or acted on. */
    private Long onEvent(Event event, String uid, Set<String> seenEvents, Long unschedulableSince) throws SpawnException {
        String about = event.getInvolvedObject().getUid();
        String id = event.getMetadata().getUid() + "/" + event.getCount();
        if ((about != null && !about.equals(uid)) || !seenEvents.add(id)) {
            return unschedulableSince;
        }
        Optional<PodEvents.Note> note = PodEvents.of(event);
        return note.isPresent() ? onNote(note.get(), unschedulableSince) : unschedulableSince;
    }

    private Long onNote(PodEvents.Note note, Long unschedulableSince) throws SpawnException {
        if (note.fatal()) {
            throw failure(note.message(), watch.pod(objects.namespace(), objects.pod()).orElse(null));
        }
        if (note.unschedulable()) {
            return unschedulable(unschedulableSince, note.message());
        }
        percent = Math.max(percent, note.percent().orElse(percent));
        progress.progress(percent, note.message());
        return unschedulableSince;
    }

    private Long unschedulable(Long since, String message) throws SpawnException {
        long now = System.nanoTime();
        if (since != null && now - since >= settings.timing().unschedulableGrace().toNanos() || settings.timing().unschedulableGrace().isZero()) {
            throw new SpawnException(message);
        }
        if (since == null) {
            progress.progress(percent, message + " (waiting up to " + settings.timing().unschedulableGrace().toSeconds()
                    + " s for a node)");
            return now;
        }
        return since;
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
}
