package io.callisto.spawner.local;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Everything a server runs, for stopping it: its <b>process group</b> (the server leads it, so its
 * pid is the group id; every process it forks belongs to it) and its <b>departed descendants</b>,
 * which left the group for sessions of their own: jupyter_client starts every kernel with
 * {@code start_new_session}, terminado every terminal.
 *
 * <p>Signals go through kill(1): to the group with a negative id, so the kernel delivers to every
 * member at once, including one forked a moment ago; to each departed descendant's own group when
 * it leads one, else to it alone. Descendants are found once, when stopping starts, by following
 * parent pids from the group's members; one orphaned earlier (its parent died, init adopted it) is
 * out of reach.
 *
 * <p>Callers must know the group is the server's: a group id is the pid of its first leader, and
 * the kernel does not give that pid to a new process while any member of the group lives; so the
 * group is the server's when the pid names the recorded process, or names no process.
 */
final class ServerProcesses {

    private static final Duration KILL_DELIVERY = Duration.ofSeconds(10);
    private static final File DEV_NULL = new File("/dev/null");

    private final long group;
    private final Path killProgram;

    ServerProcesses(long group, Path killProgram) {
        this.group = group;
        this.killProgram = killProgram;
    }

    /**
     * Sends SIGTERM to the group and the departed descendants, waits up to {@code grace} for all of
     * them to exit, then sends SIGKILL to those left and waits for them to be gone. Zombies count as
     * gone. Returns at once when nothing runs. When interrupted, sends SIGKILL without waiting and
     * returns with the thread's interrupt flag set.
     *
     * @throws IllegalStateException when processes outlive SIGKILL (stuck in the kernel, or owned by
     *                               another user); the caller may try again
     */
    void terminate(Duration grace) {
        List<ProcessStat> departed = departedDescendants();
        try {
            if (areGone(departed)) {
                return;
            }
            signal("TERM", departed);
            if (Await.until(() -> areGone(departed), grace)) {
                return;
            }
            signal("KILL", departed);
            if (!Await.until(() -> areGone(departed), KILL_DELIVERY)) {
                throw new IllegalStateException("processes of group " + group + " outlived SIGKILL for " + KILL_DELIVERY);
            }
        } catch (InterruptedException e) {
            killWithoutWaiting(departed);
            Thread.currentThread().interrupt();
        }
    }

    /** The live descendants of the group's members that are in other groups, as they are now. */
    private List<ProcessStat> departedDescendants() {
        List<ProcessStat> all = ProcessStat.all();
        Map<Long, List<ProcessStat>> childrenByParent = all.stream()
                .filter(ProcessStat::isLive)
                .collect(Collectors.groupingBy(ProcessStat::parent));
        Deque<ProcessStat> todo = all.stream()
                .filter(stat -> stat.processGroup() == group && stat.isLive())
                .collect(Collectors.toCollection(ArrayDeque::new));
        Set<Long> seen = new HashSet<>();
        List<ProcessStat> departed = new ArrayList<>();
        while (!todo.isEmpty()) {
            ProcessStat process = todo.pop();
            for (ProcessStat child : childrenByParent.getOrDefault(process.pid(), List.of())) {
                if (child.processGroup() != group && seen.add(child.pid())) {
                    departed.add(child);
                    todo.push(child);
                }
            }
        }
        return departed;
    }

    private boolean areGone(List<ProcessStat> departed) {
        return groupIsGone() && departed.stream().noneMatch(ProcessStat::stillRuns);
    }

    private boolean groupIsGone() {
        if (ProcessStat.read(group).filter(ProcessStat::isLive).filter(s -> s.processGroup() == group).isPresent()) {
            return false;
        }
        return ProcessStat.all().stream().noneMatch(stat -> stat.processGroup() == group && stat.isLive());
    }

    /** Sent when the waiting thread is interrupted: nothing of the server may survive a stop. */
    private void killWithoutWaiting(List<ProcessStat> departed) {
        try {
            signal("KILL", departed);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code kill -s SIGNAL -- -group ...} for the group and the departed descendants that still
     * run; "no such process" is not an error (that one is gone).
     */
    private void signal(String signal, List<ProcessStat> departed) throws InterruptedException {
        Set<String> targets = new LinkedHashSet<>();
        targets.add("-" + group);
        for (ProcessStat process : departed) {
            if (process.stillRuns()) {
                targets.add(process.processGroup() == process.pid() ? "-" + process.pid() : Long.toString(process.pid()));
            }
        }
        List<String> command = new ArrayList<>(List.of(killProgram.toString(), "-s", signal, "--"));
        command.addAll(targets);
        Process kill;
        try {
            kill = new ProcessBuilder(command)
                    .redirectInput(Redirect.from(DEV_NULL))
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + killProgram + ": " + e.getMessage(), e);
        }
        if (!kill.waitFor(KILL_DELIVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            kill.destroyForcibly();
            throw new IllegalStateException(killProgram + " did not return within " + KILL_DELIVERY);
        }
    }
}
