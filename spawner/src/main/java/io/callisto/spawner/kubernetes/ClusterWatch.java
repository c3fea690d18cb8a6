package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The spawner's view of the cluster: one {@link SupervisedInformer} for this hub's pods and one for
 * events, in the configured namespace (or in all namespaces when users have their own), shared by
 * every start, poll and stop; no start opens a watch of its own. Starts in progress register a
 * {@link StartInbox} and are told of every change to their pod and of every event about it.
 */
final class ClusterWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClusterWatch.class.getName());

    private final SupervisedInformer<Pod> pods;
    private final SupervisedInformer<Event> events;
    private final Map<String, StartInbox> inboxes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "callisto-kubernetes-watch-check");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration checkInterval;

    ClusterWatch(KubernetesClient client, KubernetesSpawnerSettings settings) {
        boolean everywhere = settings.userNamespaces().enabled();
        String scope = everywhere ? "all namespaces" : "namespace " + settings.namespace();
        Map<String, String> ours = ServerObjects.selectorOf(settings.instance(), ServerObjects.SERVER_COMPONENT);
        long resync = settings.timing().resync().toMillis();
        Supplier<FilterWatchListDeletable<Pod, PodList, PodResource>> podQuery = () -> everywhere
                ? client.pods().inAnyNamespace().withLabels(ours)
                : client.pods().inNamespace(settings.namespace()).withLabels(ours);
        Supplier<FilterWatchListDeletable<Event, EventList, Resource<Event>>> eventQuery = () -> everywhere
                ? client.v1().events().inAnyNamespace()
                : client.v1().events().inNamespace(settings.namespace());
        pods = new SupervisedInformer<>("pods in " + scope,
                () -> withHandler(podQuery.get().runnableInformer(resync), this::onPod),
                Optional.of(() -> podQuery.get().list().getItems()));
        events = new SupervisedInformer<>("events in " + scope,
                () -> withHandler(eventQuery.get().runnableInformer(resync), this::onEvent),
                Optional.empty());
        checkInterval = settings.timing().watchCheck();
    }

    /**
     * Starts both informers and waits up to {@code syncTimeout} for the pods to be listed. Returns
     * either way: an API server that cannot be reached now is retried, and until the pods are listed
     * {@link #synced()} is false (polls then report servers running rather than guess).
     */
    void start(Duration syncTimeout) {
        pods.start();
        events.start();
        long millis = checkInterval.toMillis();
        checker.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
        try {
            if (!pods.awaitSynced(syncTimeout)) {
                LOG.log(Level.WARNING, "The pods are not listed after " + syncTimeout + "; the watch keeps trying");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean synced() {
        return pods.synced();
    }

    /** The cached pod, or empty when it is not in the cache. */
    Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name));
    }

    List<Pod> cachedPods() {
        return pods.cached();
    }

    /** Registers a start in progress for the pod {@code namespace/name}; close the inbox when the start ends. */
    StartInbox open(String namespace, String name) {
        String key = namespace + "/" + name;
        StartInbox inbox = new StartInbox(key, closed -> inboxes.remove(key, closed));
        inboxes.put(key, inbox);
        return inbox;
    }

    WatchHealth health() {
        return new WatchHealth(pods.restarts() + events.restarts(), pods.staleDetections(), pods.errors() + events.errors(),
                pods.watching() && events.watching());
    }

    private void onPod(Pod pod) {
        StartInbox inbox = inboxes.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        if (inbox != null) {
            inbox.podChanged();
        }
    }

    private void onEvent(Event event) {
        if (event.getInvolvedObject() == null || !"Pod".equals(event.getInvolvedObject().getKind())) {
            return;
        }
        StartInbox inbox = inboxes.get(event.getInvolvedObject().getNamespace() + "/" + event.getInvolvedObject().getName());
        if (inbox != null) {
            inbox.event(event);
        }
    }

    private void check() {
        try {
            if (pods.check()) {
                events.restartNow("the pods' watch was replaced");
            } else {
                events.check();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Checking the watches failed: " + e);
        }
    }

    private static <T extends HasMetadata> SharedIndexInformer<T> withHandler(SharedIndexInformer<T> informer,
            Consumer<T> changed) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                changed.accept(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changed.accept(object);
            }
        });
        return informer;
    }

    @Override
    public void close() {
        checker.shutdownNow();
        pods.close();
        events.close();
    }
}
