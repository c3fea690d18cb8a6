package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A kubelet and scheduler for the mock API server, kept honest: it watches pods, writes the events
 * a real scheduler and kubelet write (Scheduled, Pulling, Pulled, Created, Started; FailedScheduling,
 * Failed/ErrImagePull, BackOff), sets the status they set (conditions, container states, restart
 * counts, a pod IP), and runs the single-user container's {@code command} and {@code args} as a
 * real process with the environment of the pod spec, the token read from the Secret it refers to.
 * A deleted pod's process is killed. A container that exits with an error is restarted after a
 * back-off, showing {@code CrashLoopBackOff} meanwhile, as with {@code restartPolicy: OnFailure}.
 *
 * <p>The liberties it takes, each standing for what a node provides:
 * <ul>
 *   <li>network: each pod gets an address of its own on the loopback network ({@code 127.1.x.y}),
 *       and {@code 0.0.0.0} in {@code JUPYTERHUB_SERVICE_URL} becomes that address, as binding
 *       every address inside a pod's network namespace binds the pod's IP;</li>
 *   <li>volumes: a claim is a directory ({@code <work>/volumes/<namespace>/<claim>}), made on first
 *       use and kept, and the container's working directory and {@code HOME} are the directory of
 *       its first claim mount (else a directory of the pod's own);</li>
 *   <li>images: every image is "already present", unless {@link #failPullsOf told otherwise}; the
 *       container's program is looked up on the test machine's {@code PATH}; the image's
 *       entrypoint is not run; init containers complete at once without running;</li>
 *   <li>scheduling: there is one node, without the extended resources of {@link #noNodeWith}.</li>
 * </ul>
 *
 * <p>With a {@link #sharedBackend shared backend} (for benchmarks) it runs no process: every pod's
 * IP is the backend's address, where one lightweight server answers for all of them.
 */
public final class SimulatedKubelet implements AutoCloseable {

    private static final String NODE = "callisto-sim-node";
    private static final Duration RESTART_BACKOFF = Duration.ofMillis(500);
    private static final Duration SECRET_WAIT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final Path work;
    private final SharedIndexInformer<Pod> informer;
    private final ExecutorService steps;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("kubelet-timer"));
    private final Map<String, SimulatedPod> pods = new ConcurrentHashMap<>();
    private final AtomicInteger nextAddress = new AtomicInteger();
    private final AtomicLong eventCounter = new AtomicLong();
    private volatile Predicate<String> failingImages = image -> false;
    private volatile Set<String> missingResources = Set.of();
    private volatile String sharedBackend;

    /** One pod this kubelet runs. */
    private static final class SimulatedPod {
        final String namespace;
        final String name;
        final String uid;
        volatile String ip;
        volatile Process process;
        volatile Path logFile;
        volatile int restarts;
        volatile boolean deleted;

        SimulatedPod(Pod pod) {
            namespace = pod.getMetadata().getNamespace();
            name = pod.getMetadata().getName();
            uid = pod.getMetadata().getUid();
        }
    }

    /**
     * @param client a client of the mock API server (not through any fault injection)
     * @param work   where logs, volumes and pods' directories go
     */
    public SimulatedKubelet(KubernetesClient client, Path work, int stepThreads) {
        this.client = client;
        this.work = work;
        this.steps = Executors.newFixedThreadPool(stepThreads, daemon("kubelet-step"));
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                admit(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                admit(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                remove(pod);
            }
        }, 0);
    }

    /** Pulling an image for which {@code failing} holds fails, as a registry that does not have it would. */
    public void failPullsOf(Predicate<String> failing) {
        failingImages = failing;
    }

    /** The node has none of these extended resources: pods that request them cannot be scheduled. */
    public void noNodeWith(Set<String> resources) {
        missingResources = Set.copyOf(resources);
    }

    /** Runs no process: every pod gets {@code address} as its IP, where one server answers for all. */
    public void sharedBackend(String address) {
        sharedBackend = address;
    }

    /** The process running the pod's container, while there is one. */
    public Optional<Process> process(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name)).map(p -> p.process);
    }

    /** The last {@code lines} lines the pod's container wrote, or null when the kubelet has no such pod. */
    public String logTail(String namespace, String name, int lines) {
        SimulatedPod pod = pods.get(namespace + "/" + name);
        if (pod == null || pod.logFile == null) {
            return null;
        }
        try {
            List<String> all = Files.readAllLines(pod.logFile, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return tail.isEmpty() ? "" : String.join("\n", tail) + "\n";
        } catch (IOException e) {
            return null;
        }
    }

    /** The directory standing for a claim. */
    public Path volume(String namespace, String claim) {
        return work.resolve("volumes").resolve(namespace).resolve(claim);
    }

    private void admit(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            remove(pod);
            return;
        }
        SimulatedPod known = pods.get(key);
        if (known != null && known.uid.equals(pod.getMetadata().getUid())) {
            return;
        }
        if (known != null) {
            stopProcess(known);
        }
        SimulatedPod admitted = new SimulatedPod(pod);
        pods.put(key, admitted);
        steps.submit(() -> startPod(admitted, pod));
    }

    private void remove(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        SimulatedPod known = pods.get(key);
        if (known != null && known.uid.equals(pod.getMetadata().getUid())) {
            pods.remove(key, known);
            known.deleted = true;
            stopProcess(known);
        }
    }

    private void startPod(SimulatedPod sim, Pod pod) {
        try {
            Container main = pod.getSpec().getContainers().get(0);
            Optional<String> missing = missingResource(main);
            if (missing.isPresent()) {
                String message = "0/1 nodes are available: 1 Insufficient " + missing.get() + ". preemption: 0/1 nodes are"
                        + " available: 1 No preemption victims found for incoming pod.";
                status(sim, new PodStatusBuilder().withPhase("Pending").withConditions(condition("PodScheduled", "False",
                        "Unschedulable", message)).build());
                event(sim, "Warning", "FailedScheduling", message, "default-scheduler", null);
                return;
            }
            event(sim, "Normal", "Scheduled", "Successfully assigned " + sim.namespace + "/" + sim.name + " to " + NODE,
                    "default-scheduler", null);
            status(sim, pending(List.of(waiting(main, "ContainerCreating", null))));
            if (!pull(sim, main)) {
                return;
            }
            for (Container init : pod.getSpec().getInitContainers()) {
                event(sim, "Normal", "Created", "Created container " + init.getName(), "kubelet", init.getName());
                event(sim, "Normal", "Started", "Started container " + init.getName(), "kubelet", init.getName());
            }
            createWhenSecretsExist(sim, pod, main, System.nanoTime() + SECRET_WAIT.toNanos());
        } catch (RuntimeException e) {
            if (!sim.deleted) {
                System.err.println("simulated kubelet: pod " + sim.namespace + "/" + sim.name + " failed: " + e);
            }
        }
    }

    private Optional<String> missingResource(Container container) {
        if (container.getResources() == null || container.getResources().getRequests() == null) {
            return Optional.empty();
        }
        return container.getResources().getRequests().keySet().stream().filter(missingResources::contains).findFirst();
    }

    private boolean pull(SimulatedPod sim, Container main) {
        String image = main.getImage();
        event(sim, "Normal", "Pulling", "Pulling image \"" + image + "\"", "kubelet", main.getName());
        if (!failingImages.test(image)) {
            event(sim, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine", "kubelet", main.getName());
            return true;
        }
        String why = "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image + "\": not found";
        event(sim, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + why, "kubelet", main.getName());
        event(sim, "Warning", "Failed", "Error: ErrImagePull", "kubelet", main.getName());
        status(sim, pending(List.of(waiting(main, "ErrImagePull", why))));
        event(sim, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"", "kubelet", main.getName());
        event(sim, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet", main.getName());
        status(sim, pending(List.of(waiting(main, "ImagePullBackOff", "Back-off pulling image \"" + image + "\""))));
        return false;
    }

    /**
     * Resolves the container's environment and runs it; while a Secret it refers to is missing, the
     * pod shows {@code CreateContainerConfigError} and this is tried again every 100 ms, as a
     * kubelet retries, for up to 30 s.
     */
    private void createWhenSecretsExist(SimulatedPod sim, Pod pod, Container main, long deadline) {
        Map<String, String> environment = new TreeMap<>();
        for (EnvVar variable : main.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
                continue;
            }
            var reference = variable.getValueFrom().getSecretKeyRef();
            Secret secret = retrying(() -> client.secrets().inNamespace(sim.namespace).withName(reference.getName()).get());
            if (secret == null) {
                status(sim, pending(List.of(waiting(main, "CreateContainerConfigError",
                        "secret \"" + reference.getName() + "\" not found"))));
                if (System.nanoTime() - deadline < 0 && !sim.deleted) {
                    timers.schedule(() -> steps.submit(() -> createWhenSecretsExist(sim, pod, main, deadline)), 100,
                            TimeUnit.MILLISECONDS);
                }
                return;
            }
            String encoded = secret.getData().get(reference.getKey());
            environment.put(variable.getName(), new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        }
        run(sim, pod, main, environment);
    }

    private void run(SimulatedPod sim, Pod pod, Container main, Map<String, String> environment) {
        if (sim.deleted) {
            return;
        }
        event(sim, "Normal", "Created", "Created container " + main.getName(), "kubelet", main.getName());
        if (sharedBackend != null) {
            sim.ip = sharedBackend;
        } else {
            sim.ip = sim.ip != null ? sim.ip : address();
            try {
                sim.process = launch(sim, pod, main, environment);
            } catch (IOException e) {
                event(sim, "Warning", "Failed", "Error: failed to start container \"" + main.getName() + "\": " + e.getMessage(),
                        "kubelet", main.getName());
                status(sim, pending(List.of(waiting(main, "RunContainerError", e.getMessage()))));
                return;
            }
        }
        event(sim, "Normal", "Started", "Started container " + main.getName(), "kubelet", main.getName());
        status(sim, new PodStatusBuilder(running(sim, main)).build());
        Process process = sim.process;
        if (process != null) {
            process.onExit().thenAccept(ended -> timers.execute(() -> exited(sim, pod, main, environment, ended.exitValue())));
        }
    }

    private void exited(SimulatedPod sim, Pod pod, Container main, Map<String, String> environment, int code) {
        if (sim.deleted) {
            return;
        }
        var terminated = new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder().withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error").withFinishedAt(Instant.now().toString()).build();
        if (code == 0 || "Never".equals(pod.getSpec().getRestartPolicy())) {
            status(sim, new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed").withPodIP(sim.ip)
                    .withContainerStatuses(new ContainerStatusBuilder().withName(main.getName()).withImage(main.getImage())
                            .withRestartCount(sim.restarts).withNewState().withTerminated(terminated).endState().build())
                    .build());
            return;
        }
        sim.restarts++;
        event(sim, "Warning", "BackOff", "Back-off restarting failed container " + main.getName() + " in pod " + sim.name
                + "_" + sim.namespace + "(" + sim.uid + ")", "kubelet", main.getName());
        status(sim, new PodStatusBuilder().withPhase("Running").withPodIP(sim.ip)
                .withContainerStatuses(new ContainerStatusBuilder().withName(main.getName()).withImage(main.getImage())
                        .withRestartCount(sim.restarts).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 500ms restarting failed container").endWaiting().endState()
                        .withNewLastState().withTerminated(terminated).endLastState().build())
                .build());
        timers.schedule(() -> steps.submit(() -> run(sim, pod, main, environment)), RESTART_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Process launch(SimulatedPod sim, Pod pod, Container main, Map<String, String> podEnvironment) throws IOException {
        Path home = home(sim, pod, main);
        Map<String, String> environment = new TreeMap<>();
        environment.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
        environment.put("LANG", "C.UTF-8");
        environment.put("HOME", home.toString());
        environment.putAll(podEnvironment);
        environment.computeIfPresent("JUPYTERHUB_SERVICE_URL", (name, url) -> url.replace("//0.0.0.0:", "//" + sim.ip + ":"));
        List<String> command = new ArrayList<>(main.getCommand());
        command.addAll(main.getArgs());
        sim.logFile = Files.createDirectories(work.resolve("logs")).resolve(sim.namespace + "_" + sim.name + "_" + sim.uid + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(sim.logFile.toFile())).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private Path home(SimulatedPod sim, Pod pod, Container main) throws IOException {
        for (VolumeMount mount : main.getVolumeMounts()) {
            var claim = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                    .filter(v -> v.getPersistentVolumeClaim() != null).findFirst();
            if (claim.isPresent()) {
                return Files.createDirectories(volume(sim.namespace, claim.get().getPersistentVolumeClaim().getClaimName()));
            }
        }
        return Files.createDirectories(work.resolve("pods").resolve(sim.uid));
    }

    private void stopProcess(SimulatedPod sim) {
        Process process = sim.process;
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        timers.schedule(() -> all.forEach(ProcessHandle::destroyForcibly), 2, TimeUnit.SECONDS);
    }

    private String address() {
        int n = nextAddress.getAndIncrement();
        return "127.1." + (n / 250) + "." + (n % 250 + 1);
    }

    private PodStatus pending(List<ContainerStatus> containers) {
        return new PodStatusBuilder().withPhase("Pending").withHostIP("127.0.0.1")
                .withConditions(condition("PodScheduled", "True", null, null))
                .withContainerStatuses(containers).build();
    }

    private PodStatus running(SimulatedPod sim, Container main) {
        String now = Instant.now().toString();
        return new PodStatusBuilder().withPhase("Running").withHostIP("127.0.0.1").withPodIP(sim.ip).withStartTime(now)
                .withConditions(condition("PodScheduled", "True", null, null), condition("Initialized", "True", null, null),
                        condition("ContainersReady", "True", null, null), condition("Ready", "True", null, null))
                .withContainerStatuses(new ContainerStatusBuilder().withName(main.getName()).withImage(main.getImage())
                        .withReady(true).withStarted(true).withRestartCount(sim.restarts)
                        .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build())
                .build();
    }

    private static ContainerStatus waiting(Container container, String reason, String message) {
        return new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage()).withReady(false)
                .withRestartCount(0).withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }

    private static PodCondition condition(String type, String status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(Instant.now().toString()).build();
    }

    /**
     * Replaces the pod's status with one patch of its status subresource, as a kubelet does (a
     * JSON patch: the mock's merge patches append to lists instead of replacing them).
     */
    private void status(SimulatedPod sim, PodStatus status) {
        if (sim.deleted) {
            return;
        }
        String patch = "[{\"op\": \"add\", \"path\": \"/status\", \"value\": " + Serialization.asJson(status) + "}]";
        retrying(() -> {
            try {
                client.pods().inNamespace(sim.namespace).resource(new PodBuilder().withNewMetadata().withName(sim.name)
                        .withNamespace(sim.namespace).endMetadata().build()).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            return null;
        });
    }

    private void event(SimulatedPod sim, String type, String reason, String message, String component, String container) {
        if (sim.deleted) {
            return;
        }
        String now = Instant.now().toString();
        var created = new EventBuilder()
                .withNewMetadata().withName(sim.name + "." + Long.toHexString(System.nanoTime()) + eventCounter.incrementAndGet())
                    .withNamespace(sim.namespace).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName(sim.name).withNamespace(sim.namespace)
                    .withUid(sim.uid).withFieldPath(container == null ? null : "spec.containers{" + container + "}")
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withCount(1)
                .withFirstTimestamp(now).withLastTimestamp(now)
                .withNewSource().withComponent(component).withHost(component.equals("kubelet") ? NODE : null).endSource()
                .build();
        retrying(() -> {
            try {
                return client.v1().events().inNamespace(sim.namespace).resource(created).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                return null; // an earlier try whose answer was lost made it
            }
        });
    }

    /**
     * Calls the API server as a kubelet does: a call that times out or meets an overloaded server
     * (5xx, 429) is tried again with backoff, up to five times, instead of leaving the pod stuck.
     */
    private <T> T retrying(java.util.function.Supplier<T> call) {
        long backoff = 250;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                boolean retryable = e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
                if (!retryable || attempt == 5) {
                    throw e;
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling the API server", e);
            }
            backoff *= 2;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops watching and kills every process it started. */
    @Override
    public void close() {
        informer.stop();
        pods.values().forEach(sim -> {
            sim.deleted = true;
            stopProcess(sim);
        });
        steps.shutdownNow();
        timers.shutdown();
    }
}
