# Shared by bench/api/run.sh and bench/api/profile.sh (sourced, not run): temp state, starting
# Callisto, and stopping everything a script started when it exits.
#
# A script sets TMP (a fresh temp dir) and calls track PID for each process it launches;
# PORTS lists the ports it handed out. On exit, cleanup stops the tracked processes (SIGTERM,
# then SIGKILL after 30 s), then whatever they left behind: their descendants, processes with TMP
# in their command line (Callisto's embedded PostgreSQL) and listeners on PORTS — by pid, never
# by name. A script may define save_logs, called before TMP is removed.

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$REPO/bench/.work"
PY=/usr/bin/python3
WRK=/usr/bin/wrk
HELPER="$HERE/bench.py"
HUB_JAR=hub/target/quarkus-app/quarkus-run.jar
PROXY_JAR=proxy/target/quarkus-app/quarkus-run.jar
TRACKED=""
PORTS=""
START_TIME=$(date +%s)

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

track() { TRACKED="$TRACKED $1"; }
untrack() { TRACKED=$(tr ' ' '\n' <<<"$TRACKED" | grep -vx "$1" | tr '\n' ' '); }

descendants() {  # all descendants of the given pids
  local all todo=("$@") out=() p c
  all=$(ps -e -o pid=,ppid=)
  while [ ${#todo[@]} -gt 0 ]; do
    p=${todo[0]}; todo=("${todo[@]:1}")
    for c in $(awk -v p="$p" '$2 == p {print $1}' <<<"$all"); do out+=("$c"); todo+=("$c"); done
  done
  echo "${out[@]:-}"
}

ours() {  # the tracked pids, their descendants, processes naming TMP, listeners on PORTS
  local pids=() p port cmd
  for p in $TRACKED; do kill -0 "$p" 2>/dev/null && pids+=("$p"); done
  # shellcheck disable=SC2086
  [ -n "${TRACKED// /}" ] && pids+=($(descendants $TRACKED))
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    case "$cmd" in *"$TMP"*) pids+=("${p#/proc/}") ;; esac
  done
  for port in $PORTS; do
    pids+=($(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2))
  done
  printf '%s\n' "${pids[@]:-}" | grep -vx "$$" | grep . | sort -un | tr '\n' ' '
}

stop_pid() {  # stop_pid PID SECONDS: SIGTERM, then SIGKILL after SECONDS
  local pid=$1 n=$(( $2 * 5 ))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.2; n=$((n - 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? left p alive=""
  set +e
  trap - EXIT INT TERM
  [ -n "${TMP:-}" ] || exit $rc
  left=$(ours)
  for p in $TRACKED; do stop_pid "$p" 30 & done
  wait
  # what the tracked processes stop on their own (proxies, PostgreSQL) gets 10 s, then is stopped
  for _ in $(seq 50); do
    alive=""; for p in $left; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break; sleep 0.2
  done
  for p in $alive; do
    say "stopping leftover process $p: $(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | cut -c1-120)"
    kill -TERM "$p" 2>/dev/null
  done
  [ -n "$alive" ] && sleep 3
  for p in $alive; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  declare -F save_logs >/dev/null && save_logs
  rm -rf "$TMP"
  say "stopped everything it started ($(( $(date +%s) - START_TIME )) s in all)"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_up() {  # wait_up URL PID LOG SECONDS
  local url=$1 pid=$2 log=$3 n=$(( $4 * 2 ))
  while ! curl -sf -o /dev/null --max-time 5 "$url"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; die "process $pid exited before $url answered"; }
    n=$((n - 1)); [ $n -gt 0 ] || { tail -n 30 "$log" >&2; die "$url did not answer within $4 s"; }
    sleep 0.5
  done
}

# Sets SRC to the Callisto tree to run (the repository, or with BENCH_SNAPSHOT=1 a copy of its
# working tree in bench/.work/src) and builds it when BENCH_BUILD says so.
prepare_callisto() {
  local build=${BENCH_BUILD:-auto} cmd
  if [ "${BENCH_SNAPSHOT:-0}" = 1 ] || [ "${BENCH_SNAPSHOT:-0}" = keep ]; then
    SRC="$WORK/src"
    cmd=${BENCH_BUILD_CMD:-./mvnw -B -q -Dmaven.test.skip=true package}
    if [ "${BENCH_SNAPSHOT}" = 1 ]; then
      say "copying the working tree to ${SRC#$REPO/}"
      mkdir -p "$SRC"
      copied=$("$PY" "$HELPER" snapshot "$REPO" "$SRC") || die "copying the working tree failed"
      say "  $copied"
      # a copied file can be older than the last build, a removed one leaves its classes behind
      [[ $copied =~ ([0-9]+)\ copied,\ ([0-9]+)\ removed ]] || die "unexpected answer from bench.py snapshot"
      [ "${BASH_REMATCH[2]}" = 0 ] || cmd="${BENCH_BUILD_CMD:-./mvnw -B -q -Dmaven.test.skip=true clean package}"
      [ "${BASH_REMATCH[1]}" = 0 ] && [ "${BASH_REMATCH[2]}" = 0 ] || [ "$build" != auto ] || build=always
      printf 'copy of the working tree taken %s: HEAD %s with %s tracked file(s) changed and %s untracked\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(git -C "$REPO" rev-parse --short HEAD)" \
        "$(git -C "$REPO" --no-optional-locks status --porcelain --untracked-files=no | wc -l)" \
        "$(git -C "$REPO" ls-files -o --exclude-standard | grep -vc '^bench/')" >"$SRC/BENCH_SOURCE.txt"
    fi
  else
    SRC="$REPO"
    cmd=${BENCH_BUILD_CMD:-./mvnw -B -q -DskipTests install}
  fi
  if [ "$build" = always ] || { [ "$build" = auto ] && callisto_stale; }; then
    say "building Callisto in $SRC: $cmd"
    (cd "$SRC" && $cmd) || die "build failed"
  fi
  [ -f "$SRC/$HUB_JAR" ] && [ -f "$SRC/$PROXY_JAR" ] || die "$SRC/$HUB_JAR or $PROXY_JAR is missing (BENCH_BUILD=never?)"
}

callisto_stale() {  # as ./callisto up decides: a jar is missing or a file is newer than the hub's
  [ -f "$SRC/$HUB_JAR" ] && [ -f "$SRC/$PROXY_JAR" ] || return 0
  [ -n "$(cd "$SRC" && find pom.xml hub spawner ui proxy -path '*/target' -prune -o -type f -newer "$HUB_JAR" -print -quit)" ]
}

# start_callisto PUBLIC_PORT HUB_PORT API_PORT ADMIN_TOKEN DIR [VAR=value ...]: starts the hub as
# ./callisto up does (it starts its proxy and its embedded PostgreSQL), state in DIR/state, log in
# DIR/hub.log; sets CAL_PID and waits until GET /hub/api/ answers through the proxy.
start_callisto() {
  local public=$1 hub=$2 api=$3 admin=$4 dir=$5 t0=$SECONDS
  shift 5
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # CALLISTO_JAVA_OPTS is a list of options
  (cd "$SRC" && exec env CALLISTO_STATE_DIR="$dir/state" CALLISTO_ADMIN_TOKEN="$admin" \
     QUARKUS_HTTP_PORT="$hub" CALLISTO_HUB_CONNECT_URL="http://127.0.0.1:$hub" \
     CALLISTO_PROXY_PUBLIC_IP=127.0.0.1 CALLISTO_PROXY_PUBLIC_PORT="$public" CALLISTO_PROXY_API_PORT="$api" \
     "$@" java ${CALLISTO_JAVA_OPTS:-} -jar "$HUB_JAR") >"$dir/hub.log" 2>&1 &
  CAL_PID=$!
  track "$CAL_PID"
  wait_up "http://127.0.0.1:$public/hub/api/" "$CAL_PID" "$dir/hub.log" 180
  say "Callisto answers after $((SECONDS - t0)) s"
}
