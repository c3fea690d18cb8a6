package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a pod's status says, as pure functions: during a start, whether to wait, go on, or give up
 * at once (KubeSpawner waits out its whole timeout instead); afterwards, whether it still runs.
 */
final class PodStatuses {

    /** Waiting reasons that do not clear by themselves: the image cannot be had, or the container cannot be made. */
    static final Set<String> FATAL_WAITING = Set.of(
            "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "CreateContainerError",
            "RunContainerError", "CrashLoopBackOff");
    static final Set<String> IMAGE_PULL = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

    private PodStatuses() {
    }

    /** What a start should do about the pod as it is now. */
    sealed interface Verdict {
        /** Not there yet: wait. */
        record Waiting(String why) implements Verdict {
        }

        /** Running with an address: the start is done. */
        record Ready(String podIp) implements Verdict {
        }

        /** It will not start: give up now, with this message. */
        record Failed(String message) implements Verdict {
        }

        /** The scheduler finds no node; fail unless a grace period for an autoscaler runs. */
        record Unschedulable(String message) implements Verdict {
        }
    }

    /**
     * @param tokenSecret the name of the server's own Secret: a pod waiting for it
     *                    ({@code CreateContainerConfigError}) waits, since it is created just after the pod
     */
    static Verdict duringStart(Pod pod, String tokenSecret) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new Verdict.Failed("The pod is being deleted");
        }
        PodStatus status = pod.getStatus();
        if (status == null) {
            return new Verdict.Waiting("no status yet");
        }
        String phase = String.valueOf(status.getPhase());
        if (phase.equals("Failed") || phase.equals("Succeeded")) {
            return new Verdict.Failed(ended(pod));
        }
        for (ContainerStatus container : containers(status)) {
            Optional<String> failure = failure(container, tokenSecret);
            if (failure.isPresent()) {
                return new Verdict.Failed(failure.get());
            }
        }
        Optional<PodCondition> unschedulable = condition(status, "PodScheduled")
                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
        if (unschedulable.isPresent()) {
            String message = String.valueOf(unschedulable.get().getMessage());
            return waitsForStorage(message) ? new Verdict.Waiting("Waiting for storage: " + message)
                    : new Verdict.Unschedulable("The pod cannot be scheduled: " + message);
        }
        if (phase.equals("Running") && status.getPodIP() != null && !status.getPodIP().isEmpty() && mainRunning(status)) {
            return new Verdict.Ready(status.getPodIP());
        }
        return new Verdict.Waiting(phase);
    }

    /**
     * Why a pod that ran no longer runs, or empty while it runs. A pod being deleted, ended, or
     * whose server crashes in a loop has stopped.
     */
    static Optional<String> stoppedReason(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("its pod is being deleted");
        }
        PodStatus status = pod.getStatus();
        if (status == null) {
            return Optional.empty();
        }
        String phase = String.valueOf(status.getPhase());
        if (phase.equals("Failed") || phase.equals("Succeeded")) {
            return Optional.of(ended(pod));
        }
        return main(status).map(ContainerStatus::getState).map(s -> s.getWaiting())
                .filter(w -> "CrashLoopBackOff".equals(w.getReason()))
                .map(w -> "the server keeps crashing (CrashLoopBackOff)" + lastExit(main(status).get()));
    }

    /** The exit status of the single-user container, when it has ended. */
    static Optional<Integer> exitCode(Pod pod) {
        return Optional.ofNullable(pod.getStatus()).flatMap(PodStatuses::main).map(ContainerStatus::getState)
                .map(s -> s.getTerminated()).map(ContainerStateTerminated::getExitCode);
    }

    /** True when the single-user container has run at least once (so it has a log worth showing). */
    static boolean hasRun(Pod pod) {
        return Optional.ofNullable(pod.getStatus()).flatMap(PodStatuses::main)
                .map(c -> c.getRestartCount() != null && c.getRestartCount() > 0
                        || c.getState() != null && (c.getState().getRunning() != null || c.getState().getTerminated() != null))
                .orElse(false);
    }

    private static Optional<String> failure(ContainerStatus container, String tokenSecret) {
        ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
        String reason = waiting == null ? null : waiting.getReason();
        String message = waiting == null || waiting.getMessage() == null ? "" : ": " + waiting.getMessage();
        if (reason != null && IMAGE_PULL.contains(reason)) {
            return Optional.of("Cannot pull the image " + container.getImage() + " (" + reason + ")" + message);
        }
        if ("CrashLoopBackOff".equals(reason)) {
            return Optional.of("The container " + container.getName() + " keeps crashing (CrashLoopBackOff)" + lastExit(container));
        }
        if (reason != null && FATAL_WAITING.contains(reason)) {
            return Optional.of("The container " + container.getName() + " cannot start (" + reason + ")" + message);
        }
        if ("CreateContainerConfigError".equals(reason) && !message.contains("\"" + tokenSecret + "\"")) {
            return Optional.of("The container " + container.getName() + " cannot start (" + reason + ")" + message);
        }
        if (container.getRestartCount() != null && container.getRestartCount() > 0) {
            return Optional.of("The container " + container.getName() + " exited during the start" + lastExit(container));
        }
        return Optional.empty();
    }

    private static String ended(Pod pod) {
        PodStatus status = pod.getStatus();
        String text = "the pod " + status.getPhase().toLowerCase();
        if (status.getReason() != null) {
            text += " (" + status.getReason() + (status.getMessage() == null ? "" : ": " + status.getMessage()) + ")";
        }
        Optional<ContainerStateTerminated> terminated = main(status).map(ContainerStatus::getState).map(s -> s.getTerminated());
        if (terminated.isPresent()) {
            text += "; the server exited with status " + terminated.get().getExitCode() + reasonOf(terminated.get());
        }
        return text;
    }

    private static String lastExit(ContainerStatus container) {
        ContainerStateTerminated last = container.getLastState() == null ? null : container.getLastState().getTerminated();
        return last == null ? "" : "; it last exited with status " + last.getExitCode() + reasonOf(last);
    }

    private static String reasonOf(ContainerStateTerminated terminated) {
        String text = terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")";
        return terminated.getMessage() == null ? text : text + ": " + terminated.getMessage();
    }

    private static boolean waitsForStorage(String schedulerMessage) {
        return schedulerMessage.contains("PersistentVolumeClaim");
    }

    private static boolean mainRunning(PodStatus status) {
        return main(status).map(c -> c.getState() != null && c.getState().getRunning() != null).orElse(false);
    }

    private static Optional<ContainerStatus> main(PodStatus status) {
        return status.getContainerStatuses() == null ? Optional.empty()
                : status.getContainerStatuses().stream().filter(c -> PodFactory.CONTAINER.equals(c.getName())).findFirst();
    }

    private static List<ContainerStatus> containers(PodStatus status) {
        List<ContainerStatus> all = new ArrayList<>();
        if (status.getInitContainerStatuses() != null) {
            all.addAll(status.getInitContainerStatuses());
        }
        if (status.getContainerStatuses() != null) {
            all.addAll(status.getContainerStatuses());
        }
        return all;
    }

    private static Optional<PodCondition> condition(PodStatus status, String type) {
        return status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
