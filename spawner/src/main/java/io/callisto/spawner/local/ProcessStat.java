package io.callisto.spawner.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fields of {@code /proc/{pid}/stat} that identify a process and its group (see proc(5)).
 *
 * <p>{@code startTicks} is the start time in clock ticks since boot. It never changes for a process,
 * and a reused pid comes with a later start (the kernel hands out pids in a cycle, so a pid returns
 * only after the whole range went round), so {@code (bootId, pid, startTicks)} names one process
 * for good. It is preferred over {@link ProcessHandle.Info#startInstant()}, which
 * the JDK derives from the boot time in {@code /proc/stat}: that value follows wall-clock
 * adjustments, so two JVMs (a hub before and after a restart) can compute instants a second apart
 * for the same process.
 *
 * @param state  one letter: R running, S sleeping, D disk wait, Z zombie, X dead, ...
 * @param parent the parent's pid; 1 (or a subreaper's) once the parent is gone
 */
record ProcessStat(long pid, char state, long parent, long processGroup, long session, long startTicks) {

    private static final int STATE = 0;
    private static final int PARENT = 1;
    private static final int PROCESS_GROUP = 2;
    private static final int SESSION = 3;
    private static final int START_TICKS = 19;

    /**
     * This boot's {@code /proc/sys/kernel/random/boot_id}: pids and start ticks count from boot, so
     * they name a process only together with it.
     *
     * @throws IllegalStateException when it cannot be read (not Linux, no {@code /proc})
     */
    static String currentBootId() {
        Path file = Path.of("/proc/sys/kernel/random/boot_id");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("the local spawner needs Linux's /proc: cannot read " + file, e);
        }
    }

    /** The process with that pid now, or empty when there is none (or it vanished while read). */
    static Optional<ProcessStat> read(long pid) {
        try {
            byte[] line = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(parse(pid, new String(line, StandardCharsets.ISO_8859_1)));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** Every process there is now (those that vanish while being read are left out). */
    static List<ProcessStat> all() {
        return ProcessHandle.allProcesses()
                .map(process -> read(process.pid()))
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
    }

    /**
     * Parses one {@code stat} line. The command name (field 2) is in parentheses and may itself hold
     * spaces, parentheses and bytes of any encoding, so the fields after it are counted from the
     * last {@code ')'}.
     */
    static ProcessStat parse(long pid, String line) {
        int endOfName = line.lastIndexOf(')');
        if (endOfName < 0) {
            throw new IllegalArgumentException("not a /proc/" + pid + "/stat line: " + line);
        }
        String[] fields = line.substring(endOfName + 1).trim().split(" ");
        if (fields.length <= START_TICKS) {
            throw new IllegalArgumentException("too few fields in /proc/" + pid + "/stat: " + line);
        }
        return new ProcessStat(
                pid,
                fields[STATE].charAt(0),
                Long.parseLong(fields[PARENT]),
                Long.parseLong(fields[PROCESS_GROUP]),
                Long.parseLong(fields[SESSION]),
                Long.parseLong(fields[START_TICKS]));
    }

    /** False for a zombie or a dead process: it has exited and only waits to be reaped. */
    boolean isLive() {
        return state != 'Z' && state != 'X';
    }

    /** True while this is still the process it was when read: live, with the same start ticks. */
    boolean stillRuns() {
        return read(pid).filter(ProcessStat::isLive).map(now -> now.startTicks == startTicks).orElse(false);
    }

    /** True once the process runs in a session and process group of its own (it called setsid). */
    boolean leadsItsOwnSession() {
        return processGroup == pid && session == pid;
    }
}
