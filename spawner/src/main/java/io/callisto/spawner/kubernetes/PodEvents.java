package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import java.util.Map;
import java.util.Optional;

/**
 * What a pod's Kubernetes event means for a start in progress, as a pure function: progress to show
 * (the scheduler's and kubelet's steps), or a failure that ends the start at once.
 */
final class PodEvents {

    /** Where each step of a start is, in percent: the hub's readiness check follows at 60. */
    static final Map<String, Integer> STEPS = Map.of(
            "Scheduled", 20, "Pulling", 30, "Pulled", 40, "Created", 45, "Started", 50);

    private PodEvents() {
    }

    /**
     * @param percent  how far the start is, or empty to keep the last percentage
     * @param message  for people: the event's own message
     * @param fatal    the start cannot succeed
     * @param unschedulable the scheduler found no node (fatal unless a grace period runs)
     */
    record Note(Optional<Integer> percent, String message, boolean fatal, boolean unschedulable) {
    }

    static Optional<Note> of(Event event) {
        String reason = String.valueOf(event.getReason());
        String message = event.getMessage() == null ? reason : event.getMessage();
        if (STEPS.containsKey(reason)) {
            return Optional.of(new Note(Optional.of(STEPS.get(reason)), message, false, false));
        }
        return switch (reason) {
            case "FailedScheduling" -> Optional.of(message.contains("PersistentVolumeClaim")
                    ? new Note(Optional.empty(), "Waiting for storage: " + message, false, false)
                    : new Note(Optional.empty(), "The pod cannot be scheduled: " + message, false, true));
            case "Failed" -> Optional.of(new Note(Optional.empty(), message, isImagePull(message), false));
            case "BackOff" -> Optional.of(new Note(Optional.empty(), message, true, false));
            case "Killing", "SuccessfulDelete" -> Optional.empty();
            default -> Optional.of(new Note(Optional.empty(), message, false, false));
        };
    }

    private static boolean isImagePull(String message) {
        return message.contains("ErrImagePull") || message.contains("ImagePullBackOff") || message.contains("Failed to pull image")
                || message.contains("InvalidImageName") || message.contains("ErrImageNeverPull");
    }
}
