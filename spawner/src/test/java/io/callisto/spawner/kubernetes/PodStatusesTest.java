package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What pod statuses and events mean for a start, and for a poll afterwards. */
class PodStatusesTest {

    private static Pod pod(String status) {
        return Serialization.unmarshal("""
                metadata: {name: jupyter-alice, namespace: jhub, uid: u1}
                status:
                """ + status.indent(2), Pod.class);
    }

    @Test
    void aPodIsReadyWhenRunningWithAnAddressAndItsServerRuns() {
        Pod pod = pod("""
                phase: Running
                podIP: 10.0.0.7
                containerStatuses:
                - {name: notebook, image: i, restartCount: 0, state: {running: {startedAt: "2025-01-01T00:00:00Z"}}}
                """);
        assertThat(PodStatuses.duringStart(pod, "jupyter-alice-token")).isEqualTo(new PodStatuses.Verdict.Ready("10.0.0.7"));
        assertThat(PodStatuses.stoppedReason(pod)).isEmpty();
    }

    @Test
    void imagePullErrorsAreFatal() {
        Pod pod = pod("""
                phase: Pending
                containerStatuses:
                - {name: notebook, image: "x:1", restartCount: 0, state: {waiting: {reason: ImagePullBackOff, message: "Back-off pulling image"}}}
                """);
        assertThat(PodStatuses.duringStart(pod, "jupyter-alice-token"))
                .isEqualTo(new PodStatuses.Verdict.Failed("Cannot pull the image x:1 (ImagePullBackOff): Back-off pulling image"));
    }

    @Test
    void waitingForTheServersOwnSecretIsNotFatalButAnyOtherMissingConfigIs() {
        String ours = """
                phase: Pending
                containerStatuses:
                - {name: notebook, image: i, restartCount: 0, state: {waiting: {reason: CreateContainerConfigError, message: 'secret "%s" not found'}}}
                """;
        assertThat(PodStatuses.duringStart(pod(ours.formatted("jupyter-alice-token")), "jupyter-alice-token"))
                .isEqualTo(new PodStatuses.Verdict.Waiting("Pending"));
        assertThat(PodStatuses.duringStart(pod(ours.formatted("datasets-credentials")), "jupyter-alice-token"))
                .isInstanceOf(PodStatuses.Verdict.Failed.class);
    }

    @Test
    void unschedulableIsReportedUnlessItWaitsForItsVolume() {
        String status = """
                phase: Pending
                conditions: [{type: PodScheduled, status: "False", reason: Unschedulable, message: "%s"}]
                """;
        assertThat(PodStatuses.duringStart(pod(status.formatted("0/3 nodes are available: 3 Insufficient cpu.")), "t"))
                .isEqualTo(new PodStatuses.Verdict.Unschedulable("The pod cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu."));
        assertThat(PodStatuses.duringStart(pod(status.formatted("pod has unbound immediate PersistentVolumeClaims")), "t"))
                .isInstanceOf(PodStatuses.Verdict.Waiting.class);
    }

    @Test
    void anEndedOrCrashLoopingPodHasStoppedWithItsExitStatus() {
        Pod ended = pod("""
                phase: Failed
                containerStatuses:
                - {name: notebook, image: i, restartCount: 0, state: {terminated: {exitCode: 137, reason: OOMKilled}}}
                """);
        assertThat(PodStatuses.stoppedReason(ended)).contains("the pod failed; the server exited with status 137 (OOMKilled)");
        assertThat(PodStatuses.exitCode(ended)).contains(137);
        Pod looping = pod("""
                phase: Running
                containerStatuses:
                - name: notebook
                  image: i
                  restartCount: 4
                  state: {waiting: {reason: CrashLoopBackOff}}
                  lastState: {terminated: {exitCode: 1, reason: Error}}
                """);
        assertThat(PodStatuses.stoppedReason(looping))
                .contains("the server keeps crashing (CrashLoopBackOff); it last exited with status 1 (Error)");
        assertThat(PodStatuses.duringStart(looping, "t")).isEqualTo(new PodStatuses.Verdict.Failed(
                "The container notebook keeps crashing (CrashLoopBackOff); it last exited with status 1 (Error)"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Scheduled        | Successfully assigned jhub/jupyter-alice to node-1 | 20 | false | false
            Pulling          | Pulling image "x:1"                                | 30 | false | false
            Pulled           | Successfully pulled image "x:1" in 3.2s            | 40 | false | false
            Created          | Created container notebook                         | 45 | false | false
            Started          | Started container notebook                         | 50 | false | false
            Failed           | Failed to pull image "x:1": not found              |    | true  | false
            Failed           | Error: ErrImagePull                                |    | true  | false
            Failed           | Error: secret "s" not found                         |    | false | false
            BackOff          | Back-off restarting failed container notebook      |    | true  | false
            FailedScheduling | 0/3 nodes are available: 3 Insufficient memory.    |    | false | true
            FailedScheduling | persistentvolumeclaim "claim-a" not found for PersistentVolumeClaim |  | false | false
            FailedMount      | MountVolume.SetUp failed for volume "home"         |    | false | false
            """)
    void eventsBecomeProgressOrFailures(String reason, String message, Integer percent, boolean fatal, boolean unschedulable) {
        PodEvents.Note note = PodEvents.of(new EventBuilder().withReason(reason).withMessage(message).build()).orElseThrow();

        assertThat(note.percent()).isEqualTo(Optional.ofNullable(percent));
        assertThat(note.fatal()).isEqualTo(fatal);
        assertThat(note.unschedulable()).isEqualTo(unschedulable);
    }

    @Test
    void killingEventsOfAStopAreNotProgress() {
        assertThat(PodEvents.of(new EventBuilder().withReason("Killing").withMessage("Stopping container notebook").build())).isEmpty();
    }
}
