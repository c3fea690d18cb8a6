/**
 * The local-process spawner: each single-user server is a process of the hub's operating-system
 * user on the hub's machine, as with JupyterHub's {@code LocalProcessSpawner}. The default for
 * {@code ./callisto up}; Linux only.
 *
 * <p>Vocabulary:
 * <ul>
 *   <li><b>server process</b>: the process the spawner launches, {@code setsid} followed by the
 *       configured command ({@code jupyterhub-singleuser}); {@code setsid} replaces itself with the
 *       command, so the pid stays the same;</li>
 *   <li><b>process group</b>: the server process and what it forks. The server process leads a new
 *       session and group, so its <b>pid is the group id</b>;</li>
 *   <li><b>departed descendants</b>: processes the server started that lead sessions of their own:
 *       jupyter_client starts every kernel so, terminado every terminal;</li>
 *   <li><b>start ticks</b>: when the process started, in clock ticks since boot, from
 *       {@code /proc/{pid}/stat}; with the pid and the <b>boot id</b> it names one process for good,
 *       while a pid alone may be reused by the kernel once the process is gone;</li>
 *   <li><b>working directory</b>: {@code {workRoot}/{userName}}, the user's {@code HOME}, shared by
 *       the user's servers;</li>
 *   <li><b>log file</b>: {@code {logDirectory}/{user}.log} or {@code {user}--{server}.log}, where
 *       every run of one server appends its stdout and stderr after a {@code [callisto]} line.</li>
 * </ul>
 *
 * <p>The contract, on which stopping and adoption rest:
 * <ul>
 *   <li>{@code start} returns only once the server process leads its own session (pid = process
 *       group = session id), or has already exited; it never returns a process sharing the hub's
 *       group, which a group signal would kill;</li>
 *   <li>the {@link io.callisto.spawner.api.ServerState state} ({@link
 *       io.callisto.spawner.local.LocalServerState}) is all a spawner needs: a <b>new</b>
 *       {@link io.callisto.spawner.local.LocalSpawner} (after a hub restart) polls, stops and reads
 *       the log of a server it did not start. Only the exit status is lost across instances: it is
 *       known to the instance whose child the process was;</li>
 *   <li>a server is running while a live process has the recorded pid and start ticks in the
 *       recorded boot; a zombie has exited;</li>
 *   <li>stopping sends SIGTERM to the whole group and the departed descendants, SIGKILL to what is
 *       left after the grace, and returns when none of them lives. It acts only while the group is
 *       the server's: the kernel does not reuse a pid while a group with that id has members, so the
 *       group is the server's when the pid names the recorded process, or names no process. When the
 *       pid names a process with other start ticks, or the state is from an earlier boot, the
 *       server's group is long gone and nothing is signalled;</li>
 *   <li>what is out of reach: a process whose link to the server was cut before the stop (a daemon
 *       that detached, a kernel orphaned by a server that crashed); only cgroups would catch those.</li>
 * </ul>
 *
 * <p>The environment starts clean ({@link io.callisto.spawner.local.ServerEnvironment}): a server
 * runs users' code and must not see the hub's secrets.
 */
package io.callisto.spawner.local;
