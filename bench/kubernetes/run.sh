#!/usr/bin/env bash
# bench/kubernetes/run.sh — 1,000 users start their servers at once on the Kubernetes spawner.
#
# Starts, on free ports with temporary state:
#   - the mock cluster (spawner/src/test/.../MockClusterMain): fabric8's mock API server in CRUD
#     mode and the simulated kubelet, which writes every pod's events and status as a kubelet
#     would but runs no process: every pod's IP points at one lightweight shared backend;
#   - the hub (hub/target/quarkus-app) with callisto.spawner.kind=kubernetes against it (a volume
#     claim per user, as in production), its child proxy and its embedded PostgreSQL.
# Then runs Storm.java: creates the users, sends every start request at once, and until all servers
# are ready measures the hub API's latency (GET /hub/api/users/{name} every 50 ms), and the hub's
# CPU time, RSS and how long its event loops waited for a CPU. Prints the table and writes
# bench/kubernetes/RESULTS.md with the machine, versions and commands. Everything it starts is
# stopped on exit (also on Ctrl-C or failure).
#
# Needs: java 17+, the proxy's and hub's jars and the spawner's test classes (built when missing:
# ./mvnw -B -q -DskipTests install), /usr/bin/python3 (free ports).
#
# Settings (environment):
#   BENCH_USERS=1000                 users starting at once
#   BENCH_SPAWN_LIMIT=0              callisto.servers.concurrent-spawn-limit (JupyterHub's default is 100;
#                                    0 lets all starts run at once, which is what is measured here)
#   BENCH_KUBELET_THREADS=8          the simulated kubelet's threads for API calls
#   BENCH_CLUSTER_NICE=10            the mock cluster's nice level: it stands in for a control plane and nodes
#                                    on other machines, so it takes the CPU the hub, its proxy and database
#                                    leave (0: it competes with them as an equal)
#   BENCH_BUILD=auto|always|never    auto: build when a jar or the spawner's test classes are missing
#   BENCH_RESULTS=bench/kubernetes/RESULTS.md
#   BENCH_KEEP=0                     1: keep the temporary directory (hub.log, cluster.log) for a look
#   CALLISTO_JAVA_OPTS               extra JVM options for the hub, as for ./callisto up
#   BENCH_CLUSTER_JAVA_OPTS          extra JVM options for the mock cluster (e.g. a flight recording)
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
USERS=${BENCH_USERS:-1000}
SPAWN_LIMIT=${BENCH_SPAWN_LIMIT:-0}
KUBELET_THREADS=${BENCH_KUBELET_THREADS:-8}
CLUSTER_NICE=${BENCH_CLUSTER_NICE:-10}
BUILD=${BENCH_BUILD:-auto}
RESULTS=${BENCH_RESULTS:-$HERE/RESULTS.md}
HUB_JAR=hub/target/quarkus-app/quarkus-run.jar
PROXY_JAR=proxy/target/quarkus-app/quarkus-run.jar

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

cd "$REPO"
command -v java >/dev/null || die "java is missing"
[ "$(getconf CLK_TCK)" = 100 ] || die "Storm.java reads CPU time in ticks of 1/100 s; this machine's CLK_TCK is $(getconf CLK_TCK)"

TMP=$(mktemp -d /tmp/callisto-k8s-bench.XXXXXX)
CLUSTER_PID=""
HUB_PID=""
cleanup() {
  [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null || true
  [ -n "$CLUSTER_PID" ] && kill "$CLUSTER_PID" 2>/dev/null && wait "$CLUSTER_PID" 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then say "logs kept in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -f "$HUB_JAR" ] || [ ! -f "$PROXY_JAR" ] \
    || [ ! -f spawner/target/test-classes/io/callisto/spawner/kubernetes/MockClusterMain.class ]; }; }; then
  say "building"
  ./mvnw -B -q -DskipTests install
fi

say "resolving the mock cluster's classpath"
./mvnw -B -q -pl spawner dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$TMP/classpath.txt" \
  >"$TMP/classpath.log" 2>&1 || { cat "$TMP/classpath.log" >&2; die "could not resolve the mock cluster's classpath"; }
CLASSPATH_CLUSTER="spawner/target/test-classes:spawner/target/classes:$(cat "$TMP/classpath.txt")"

read -r API_PORT BACKEND_PORT HUB_PORT PUBLIC_PORT PROXY_API_PORT < <(/usr/bin/python3 -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
TOKEN=$(/usr/bin/python3 -c 'import secrets; print(secrets.token_hex(32))')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

CLUSTER_CMD="nice -n $CLUSTER_NICE java -Xmx2g ${BENCH_CLUSTER_JAVA_OPTS:-} -cp <spawner test classpath> io.callisto.spawner.kubernetes.MockClusterMain $API_PORT $BACKEND_PORT <work> $KUBELET_THREADS"
say "starting the mock cluster on 127.0.0.1:$API_PORT (shared backend 127.0.0.1:$BACKEND_PORT)"
# shellcheck disable=SC2086
nice -n "$CLUSTER_NICE" java -Xmx2g ${BENCH_CLUSTER_JAVA_OPTS:-} -cp "$CLASSPATH_CLUSTER" io.callisto.spawner.kubernetes.MockClusterMain \
  "$API_PORT" "$BACKEND_PORT" "$TMP/cluster" "$KUBELET_THREADS" >"$TMP/cluster.log" 2>&1 &
CLUSTER_PID=$!
for _ in $(seq 1 300); do
  grep -q "mock cluster ready" "$TMP/cluster.log" && break
  kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$TMP/cluster.log" >&2; die "the mock cluster did not start"; }
  sleep 0.1
done

HUB_ARGS=(
  -Dcallisto.state-dir="$TMP/state"
  -Dquarkus.http.port="$HUB_PORT"
  -Dcallisto.hub-connect-url="http://127.0.0.1:$HUB_PORT"
  -Dcallisto.proxy.public-ip=127.0.0.1
  -Dcallisto.proxy.public-port="$PUBLIC_PORT"
  -Dcallisto.proxy.api-port="$PROXY_API_PORT"
  -Dcallisto.admin.token="$TOKEN"
  -Dcallisto.servers.concurrent-spawn-limit="$SPAWN_LIMIT"
  -Dcallisto.servers.stop-on-shutdown=false
  -Dcallisto.spawner.kind=kubernetes
  -Dcallisto.spawner.kubernetes.port="$BACKEND_PORT"
  -Dcallisto.spawner.kubernetes.storage.enabled=true
  -Dquarkus.kubernetes-client.api-server-url="http://127.0.0.1:$API_PORT"
  -Dquarkus.kubernetes-client.namespace=callisto
)
HUB_CMD="java ${CALLISTO_JAVA_OPTS:-} ${HUB_ARGS[*]/$TOKEN/<token>} -jar $HUB_JAR"
say "starting the hub (kubernetes spawner) on 127.0.0.1:$HUB_PORT, proxy on 127.0.0.1:$PUBLIC_PORT"
# shellcheck disable=SC2086
java ${CALLISTO_JAVA_OPTS:-} "${HUB_ARGS[@]}" -jar "$HUB_JAR" >"$TMP/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PUBLIC_PORT/hub/api/" 2>/dev/null && break
  kill -0 "$HUB_PID" 2>/dev/null || { tail -50 "$TMP/hub.log" >&2; die "the hub did not start"; }
  sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$PUBLIC_PORT/hub/api/" || die "the hub does not answer"

# CPU seconds (utime + stime) a process has used, from /proc (ticks of 1/100 s, checked above).
cpu_seconds() { awk '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / 100 }' "/proc/$1/stat"; }
CLUSTER_CPU_BEFORE=$(cpu_seconds "$CLUSTER_PID")
say "storm: $USERS users start at once"
STORM_CMD="java bench/kubernetes/Storm.java http://127.0.0.1:$PUBLIC_PORT <token> $USERS <hub pid> <results>"
java "$HERE/Storm.java" "http://127.0.0.1:$PUBLIC_PORT" "$TOKEN" "$USERS" "$HUB_PID" "$TMP/results.jsonl" | tee "$TMP/table.txt"
CLUSTER_CPU=$(awk -v a="$CLUSTER_CPU_BEFORE" -v b="$(cpu_seconds "$CLUSTER_PID")" 'BEGIN { printf "%.1f", b - a }')
CLUSTER_BLOCKED=$(grep -c "has been blocked for" "$TMP/cluster.log" || true)
WARNINGS=$(grep -c "WARN" "$TMP/hub.log" || true)
# Before the results file is opened: writing it would count as an uncommitted change. A results
# file outside the repository cannot be excluded (git refuses the path) and needs no excluding.
NOT_RESULTS=()
case "$(readlink -f "$RESULTS")" in "$REPO"/*) NOT_RESULTS=(":(exclude)$RESULTS") ;; esac
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet -- . "${NOT_RESULTS[@]}" 2>/dev/null || echo ', uncommitted changes')"
ERRORS=$(grep -c "ERROR" "$TMP/hub.log" || true)

{
  echo "# Kubernetes spawner: $USERS users start at once"
  echo
  echo "Produced by \`bench/kubernetes/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) (commit $COMMIT)."
  echo
  echo "Goal on this 2-core machine: all ready in ≤ 60 s, hub API p99 ≤ 100 ms during the storm."
  echo
  echo '```'
  cat "$TMP/table.txt"
  echo '```'
  echo
  echo "- all_ready_s: from the first start request to the last server reported ready by"
  echo "  \`GET /hub/api/users?state=ready\` (polled every 500 ms)."
  echo "- probe_*: \`GET /hub/api/users/storm-0000\` with the admin token through the proxy, every 50 ms"
  echo "  during the storm (one request at a time); 50 probes before the storm warm its path up and are not"
  echo "  counted. The hub has served no start before the storm."
  echo "- start_request_*: the $USERS \`POST /hub/api/users/{name}/server?wait=0\`, all sent at once."
  echo "- hub_*: the hub's JVM alone (not its proxy, database or the mock cluster), from /proc."
  echo "- hub_event_loop_cpu_wait_*: of the time the hub's Vert.x event loops (which take every request off"
  echo "  the network and write every answer) were runnable, the share they waited in the kernel's run queue"
  echo "  for a CPU (/proc/<pid>/task/<tid>/schedstat), in the storm's first 5 s and over the whole storm."
  echo "- runnable_threads_*: threads runnable on the whole machine (procs_running in /proc/stat, every"
  echo "  250 ms), in the first 5 s and over the storm; this machine has $(nproc) cores."
  echo "- The hub's log had $WARNINGS WARN and $ERRORS ERROR lines."
  echo "- The mock cluster (API server + simulated kubelet, one JVM) used $CLUSTER_CPU CPU seconds during the"
  echo "  storm at nice $CLUSTER_NICE (it stands in for machines of its own; BENCH_CLUSTER_NICE=0 makes it compete with"
  echo "  the hub as an equal); Vert.x reported its event loop blocked $CLUSTER_BLOCKED times (the mock API server answers on it)."
  echo
  echo "## Machine and versions"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; memory $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "- load average before: $LOAD_BEFORE (other people's builds may share the machine)"
  echo "- $(java -version 2>&1 | head -1)"
  echo "- fabric8 kubernetes-client and mock server 7.3.1 (Quarkus 3.27.2 BOM)"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "$CLUSTER_CMD"
  echo "$HUB_CMD"
  echo "$STORM_CMD"
  echo '```'
} >"$RESULTS"
say "wrote $RESULTS"
