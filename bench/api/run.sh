#!/usr/bin/env bash
# bench/api/run.sh — Callisto's hub API against JupyterHub 3.0 (Debian's package), side by side.
#
# In one go: builds Callisto if needed, starts it (hub + its proxy + embedded PostgreSQL) and
# JupyterHub 3.0 (+ configurable-http-proxy) on free ports with temporary state, creates 10,000
# users in each, then measures, alternating the two systems, 3 times:
#   - GET /hub/api/users/{name} with that user's token, wrk -t2 -c50 -d20s, through each proxy;
#   - GET /hub/api/users?limit=200&offset=... with an admin token, sequential requests, per-request latency.
# Prints the table and writes it to bench/api/RESULTS.md with the machine, versions and commands.
# Everything it starts is stopped on exit (also on Ctrl-C or failure).
#
# Needs: java 17+, /usr/bin/wrk, /usr/bin/jupyterhub (Debian's jupyterhub 3.0), node + npm (for
# configurable-http-proxy, installed into bench/.work/node_modules on first use), curl.
#
# Settings (environment):
#   BENCH_USERS=10000  BENCH_BATCH=500  BENCH_REPS=3  BENCH_DURATION=20s  BENCH_THREADS=2
#   BENCH_CONNECTIONS=50  BENCH_PAGE_REQUESTS=100 (per run and system)
#   BENCH_WARMUP_REQUESTS=5000 BENCH_WARMUP_MIN=30 BENCH_WARMUP_MAX=60   warm-up per system: wrk in 5 s
#                                     rounds for at least MIN seconds and until that many user requests were
#                                     answered, at most MAX seconds, then 50 pages (the JVM compiles its hot
#                                     paths after some thousands of requests, and its compiler needs CPU time:
#                                     5,000 requests in one 5 s round left Callisto's first run at 40 % of its
#                                     later rate; the same time for both systems keeps the comparison fair)
#   BENCH_BUILD=auto|always|never     auto: build when a jar is missing or a source is newer (like ./callisto up)
#   BENCH_SNAPSHOT=0|1                1: copy the working tree to bench/.work/src (changed files only) and build
#                                     and run that copy (with `package` and -Dmaven.test.skip=true, `clean` when
#                                     files went away), so the repo's target/ and ~/.m2 are left alone —
#                                     useful while other people run the repo's jars
#   BENCH_SNAPSHOT=keep               run the copy already in bench/.work/src without copying again
#   BENCH_BUILD_CMD                   default: ./mvnw -B -q -DskipTests install (package with BENCH_SNAPSHOT=1)
#   BENCH_JH_SEED=orm|api             how JupyterHub gets its users; see "JupyterHub's users" below
#   BENCH_RESULTS=bench/api/RESULTS.md
#   CALLISTO_JAVA_OPTS                extra JVM options for the hub, as for ./callisto up
#   BENCH_CHP_VERSION='^4.5'          configurable-http-proxy from npm (4.x runs on Node 20; Debian's
#                                     node-configurable-http-proxy 4.5.3 does not start with this node)
#
# JupyterHub's users: JupyterHub 3.0 creates 9-30 users/s through POST /hub/api/users on this
# machine (several SQLite commits per user), so 10,000 would take 6-18 minutes. By default
# (BENCH_JH_SEED=orm) the first users are written with JupyterHub's own ORM in one transaction,
# exactly the rows its API writes (users row, 'user' role, empty default spawner), while
# JupyterHub is stopped; the last batch is then created through the API, and the run checks that a
# seeded user's model and an API-created user's model have the same shape. BENCH_JH_SEED=api
# creates all of them through the API (slow).
set -euo pipefail
# shellcheck source=bench/api/common.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"

USERS=${BENCH_USERS:-10000}
BATCH=${BENCH_BATCH:-500}
REPS=${BENCH_REPS:-3}
DURATION=${BENCH_DURATION:-20s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
WARMUP_REQUESTS=${BENCH_WARMUP_REQUESTS:-5000}
WARMUP_MIN=${BENCH_WARMUP_MIN:-30}
WARMUP_MAX=${BENCH_WARMUP_MAX:-60}
PAGE_LIMIT=200
PAGE_REQUESTS=${BENCH_PAGE_REQUESTS:-100}
JH_SEED=${BENCH_JH_SEED:-orm}
RESULTS=${BENCH_RESULTS:-$HERE/RESULTS.md}
CHP_VERSION=${BENCH_CHP_VERSION:-^4.5}
JUPYTERHUB=/usr/bin/jupyterhub
TOKEN_USER=$(printf 'bench-%05d' $((USERS / 2)))
LAST_USER=$(printf 'bench-%05d' $((USERS - 1)))

for tool in java curl node npm "$WRK" "$JUPYTERHUB" "$PY"; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"
done
[ "$USERS" -ge $((2 * BATCH)) ] || die "BENCH_USERS must be at least 2 × BENCH_BATCH"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TMP=$(mktemp -d /tmp/callisto-bench.XXXXXX)
mkdir -p "$TMP/callisto" "$TMP/jupyterhub" "$WORK"
RESULTS_JSONL="$TMP/results.jsonl"
COMMANDS="$TMP/commands.txt"
NOTES="$TMP/notes.txt"
: >"$RESULTS_JSONL"; : >"$COMMANDS"; : >"$NOTES"
JH_PID=""

save_logs() {  # the last run's logs and raw outputs stay in bench/.work/last-run (gitignored)
  rm -rf "$WORK/last-run"; mkdir -p "$WORK/last-run"
  cp "$TMP"/*.txt "$TMP"/*.jsonl "$TMP"/*.json "$WORK/last-run/" 2>/dev/null
  cp "$TMP/callisto/hub.log" "$WORK/last-run/callisto-hub.log" 2>/dev/null
  cp "$TMP/jupyterhub/jupyterhub.log" "$WORK/last-run/jupyterhub.log" 2>/dev/null
  say "logs and raw outputs in ${WORK#$REPO/}/last-run"
}

record() {  # record SYSTEM REP ORDER KIND JSON [WHAT]
  printf '{"system": "%s", "rep": %d, "order": %d, "kind": "%s", "what": "%s", "data": %s}\n' \
    "$1" "$2" "$3" "$4" "${6:-}" "$5" >>"$RESULTS_JSONL"
}

# ------------------------------------------------------------------------------------------ build

prepare_callisto

if [ ! -x "$WORK/node_modules/.bin/configurable-http-proxy" ]; then
  say "installing configurable-http-proxy@$CHP_VERSION into ${WORK#$REPO/}"
  npm install --silent --no-audit --no-fund --prefix "$WORK" "configurable-http-proxy@$CHP_VERSION" >&2 || die "npm install failed"
fi

# ------------------------------------------------------------------------------------------ start

read -r CAL_PUBLIC CAL_HUB CAL_API JH_PUBLIC JH_HUB JH_API <<<"$("$PY" "$HELPER" ports 6)"
PORTS="$CAL_PUBLIC $CAL_HUB $CAL_API $JH_PUBLIC $JH_HUB $JH_API"
CAL_URL="http://127.0.0.1:$CAL_PUBLIC"
JH_URL="http://127.0.0.1:$JH_PUBLIC"
CAL_ADMIN=$("$PY" "$HELPER" secret)
JH_ADMIN=$("$PY" "$HELPER" secret)
JH_PROXY_TOKEN=$("$PY" "$HELPER" secret)

say "starting Callisto (hub :$CAL_HUB, proxy :$CAL_PUBLIC, routes API :$CAL_API, state $TMP/callisto)"
start_callisto "$CAL_PUBLIC" "$CAL_HUB" "$CAL_API" "$CAL_ADMIN" "$TMP/callisto"

start_jupyterhub() {
  (cd "$TMP/jupyterhub" && exec env PATH="$WORK/node_modules/.bin:$PATH" BENCH_JH_DIR="$TMP/jupyterhub" \
     BENCH_JH_PUBLIC_PORT="$JH_PUBLIC" BENCH_JH_HUB_PORT="$JH_HUB" BENCH_JH_API_PORT="$JH_API" \
     BENCH_JH_PROXY_TOKEN="$JH_PROXY_TOKEN" BENCH_JH_ADMIN_TOKEN="$JH_ADMIN" \
     "$PY" "$JUPYTERHUB" -f "$HERE/jupyterhub_config.py") >>"$TMP/jupyterhub/jupyterhub.log" 2>&1 &
  JH_PID=$!
  track "$JH_PID"
  wait_up "$JH_URL/hub/api/" "$JH_PID" "$TMP/jupyterhub/jupyterhub.log" 120
}
say "starting JupyterHub 3.0 (hub :$JH_HUB, configurable-http-proxy :$JH_PUBLIC, API :$JH_API, state $TMP/jupyterhub)"
start_jupyterhub

# ------------------------------------------------------------------------------------------ users

say "Callisto: creating $USERS users through POST /hub/api/users in batches of $BATCH"
json=$("$PY" "$HELPER" create-users "$CAL_URL" "$CAL_ADMIN" 0 "$USERS" "$BATCH") || die "creating Callisto's users"
record callisto 0 0 setup "$json" "POST /hub/api/users, batches of $BATCH"

JH_API_FIRST=0
if [ "$JH_SEED" = orm ]; then
  JH_API_FIRST=$((USERS - BATCH))
  say "JupyterHub: stopping it to write users 0..$((JH_API_FIRST - 1)) with its ORM"
  stop_pid "$JH_PID" 30; untrack "$JH_PID"; JH_PID=""
  json=$("$PY" "$HELPER" seed-jupyterhub "sqlite:///$TMP/jupyterhub/jupyterhub.sqlite" 0 "$JH_API_FIRST") || die "seeding JupyterHub"
  record jupyterhub 0 0 setup "$json" "written with jupyterhub.orm in one transaction (JupyterHub stopped)"
  start_jupyterhub
fi
say "JupyterHub: creating users $JH_API_FIRST..$((USERS - 1)) through POST /hub/api/users in batches of $BATCH"
json=$("$PY" "$HELPER" create-users "$JH_URL" "$JH_ADMIN" "$JH_API_FIRST" "$USERS" "$BATCH") || die "creating JupyterHub's users"
record jupyterhub 0 0 setup "$json" "POST /hub/api/users, batches of $BATCH"
if [ "$JH_SEED" = orm ]; then
  shape=$("$PY" "$HELPER" same-model "$JH_URL" "$JH_ADMIN" "bench-00000" "$LAST_USER") || die "seeded and API-created JupyterHub users differ"
  echo "JupyterHub: users 0..$((JH_API_FIRST - 1)) were written with JupyterHub 3.0's ORM (the rows its API writes), users $JH_API_FIRST..$((USERS - 1)) through its API; a seeded and an API-created user answer the same model: \`$shape\`." >>"$NOTES"
fi

CAL_TOKEN=$("$PY" "$HELPER" token "$CAL_URL" "$CAL_ADMIN" "$TOKEN_USER") || die "Callisto token"
JH_TOKEN=$("$PY" "$HELPER" token "$JH_URL" "$JH_ADMIN" "$TOKEN_USER") || die "JupyterHub token"
for sys in callisto jupyterhub; do
  if [ $sys = callisto ]; then url=$CAL_URL tok=$CAL_TOKEN; else url=$JH_URL tok=$JH_TOKEN; fi
  code=$(curl -s -o "$TMP/$sys-user.json" -w '%{http_code}' -H "Authorization: token $tok" "$url/hub/api/users/$TOKEN_USER")
  [ "$code" = 200 ] || die "$sys: GET /hub/api/users/$TOKEN_USER with the user's token answered $code"
  echo "$sys answers \`GET /hub/api/users/$TOKEN_USER\` (user's own token) with \`$(cat "$TMP/$sys-user.json")\`" >>"$NOTES"
done

# ------------------------------------------------------------------------------------------ measure

WRK_CMD="$WRK -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/api/report.lua -H 'Authorization: token <user token>' <proxy>/hub/api/users/$TOKEN_USER"
PAGES_CMD="$PY bench/api/bench.py pages <proxy> <admin token> $USERS $PAGE_LIMIT $PAGE_REQUESTS"
{
  echo "# whole benchmark (from the repository root):"
  echo "$(env | grep -E '^(BENCH_|CALLISTO_JAVA_OPTS=)' | sort | tr '\n' ' ')bench/api/run.sh"
  echo "# per system and run, <proxy> = Callisto's proxy or JupyterHub's configurable-http-proxy:"
  echo "$WRK_CMD"
  echo "$PAGES_CMD    # $PAGE_REQUESTS sequential GET /hub/api/users?limit=$PAGE_LIMIT&offset=(i*7 mod $((USERS / PAGE_LIMIT)))*$PAGE_LIMIT on one keep-alive connection"
  echo "# warm-up before the runs, per system: wrk as above with -d5s, repeated for at least $WARMUP_MIN s and $WARMUP_REQUESTS requests, at most $WARMUP_MAX s; then 50 page requests"
  echo "# users: $PY bench/api/bench.py create-users <proxy> <admin token> FIRST END $BATCH; tokens: POST /hub/api/users/$TOKEN_USER/tokens"
} >>"$COMMANDS"

listener() { { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | paste -sd,; } || true; }

groups_of() {  # the processes serving SYSTEM, as GROUP=PID,... for bench.py cpu
  if [ "$1" = callisto ]; then
    local pm db
    pm=$(for p in /proc/[0-9]*; do tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -q "^$TMP/callisto/state/postgres/.*/bin/postgres " && echo "${p#/proc/}"; done | head -n1) || true
    db=$(echo "$pm" $(descendants $pm) | tr ' ' ',')
    echo "hub=$CAL_PID proxy=$(listener "$CAL_PUBLIC") db=$db"
  else
    echo "hub=$JH_PID proxy=$(listener "$JH_PUBLIC")"
  fi
}

measure() {  # measure SYSTEM REP ORDER DURATION
  local sys=$1 rep=$2 order=$3 dur=$4 url tok out json pages admin n c0 c1 c2
  if [ "$sys" = callisto ]; then url=$CAL_URL tok=$CAL_TOKEN admin=$CAL_ADMIN; else url=$JH_URL tok=$JH_TOKEN admin=$JH_ADMIN; fi
  n=$PAGE_REQUESTS
  out="$TMP/wrk-$sys-$rep.txt"
  # shellcheck disable=SC2046
  c0=$("$PY" "$HELPER" cpu $(groups_of "$sys"))
  "$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$dur" --latency -s "$HERE/report.lua" \
    -H "Authorization: token $tok" "$url/hub/api/users/$TOKEN_USER" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  # shellcheck disable=SC2046
  c1=$("$PY" "$HELPER" cpu $(groups_of "$sys"))
  json=$(sed -n 's/^BENCH //p' "$out")
  [ -n "$json" ] || die "no BENCH line in $out"
  pages=$("$PY" "$HELPER" pages "$url" "$admin" "$USERS" "$PAGE_LIMIT" "$n") || die "page requests failed"
  # shellcheck disable=SC2046
  c2=$("$PY" "$HELPER" cpu $(groups_of "$sys"))
  record "$sys" "$rep" "$order" wrk "$json"
  record "$sys" "$rep" "$order" pages "$pages"
  record "$sys" "$rep" "$order" cpu "{\"wrk\": [$c0, $c1], \"pages\": [$c1, $c2]}"
  say "  run $rep.$order $sys: $(printf '%s\n%s' "$json" "$pages" | "$PY" -c '
import json, sys
w, p = (json.loads(l) for l in sys.stdin.read().splitlines())
print("%.0f req/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d, timeouts %d; page median %.1f ms, p99 %.1f ms%s" % (
    w["rps"], w["lat_p50_us"]/1e3, w["lat_p99_us"]/1e3, w["errors_status"], w["errors_timeout"],
    p["median_ms"], p["p99_ms"], ", %d bad pages" % p["bad"] if p["bad"] else ""))')"
}

warm_up() {  # warm_up SYSTEM
  local sys=$1 url tok admin total=0 rounds=0 t0=$SECONDS json
  if [ "$sys" = callisto ]; then url=$CAL_URL tok=$CAL_TOKEN admin=$CAL_ADMIN; else url=$JH_URL tok=$JH_TOKEN admin=$JH_ADMIN; fi
  while { [ "$total" -lt "$WARMUP_REQUESTS" ] || [ $((SECONDS - t0)) -lt "$WARMUP_MIN" ]; } && [ $((SECONDS - t0)) -lt "$WARMUP_MAX" ]; do
    json=$("$WRK" -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$HERE/report.lua" -H "Authorization: token $tok" \
             "$url/hub/api/users/$TOKEN_USER" | sed -n 's/^BENCH //p')
    total=$((total + $("$PY" -c 'import json,sys; print(json.load(sys.stdin)["requests"])' <<<"$json")))
    rounds=$((rounds + 1))
  done
  "$PY" "$HELPER" pages "$url" "$admin" "$USERS" "$PAGE_LIMIT" 50 >/dev/null || die "page requests failed"
  say "  warm-up $sys: $total user requests in $rounds × 5 s, then 50 pages"
  echo "Warm-up, $sys: $total user requests (wrk, $rounds × 5 s), then 50 pages." >>"$NOTES"
}

say "warming up both (at least $WARMUP_MIN s and $WARMUP_REQUESTS user requests, at most $WARMUP_MAX s, then 50 pages)"
warm_up callisto
warm_up jupyterhub
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) = 1 ]; then order=(callisto jupyterhub); else order=(jupyterhub callisto); fi
  say "run $rep of $REPS: ${order[0]} first"
  measure "${order[0]}" "$rep" 1 "$DURATION"
  measure "${order[1]}" "$rep" 2 "$DURATION"
done

# ------------------------------------------------------------------------------------------ report

"$PY" "$HELPER" meta "$TMP/meta.json" "$COMMANDS" "$NOTES" "$LOAD_BEFORE" "$SRC" "$USERS" "$TOKEN_USER"
echo
"$PY" "$HELPER" report "$RESULTS_JSONL" "$TMP/meta.json" "$RESULTS"
echo
say "wrote ${RESULTS#$REPO/}"
