#!/usr/bin/env bash
# bench/proxy/run.sh — Callisto's proxy against nginx and configurable-http-proxy (CHP), side by side.
#
# In one go, on this machine: a fixed backend (nginx answering a small JSON body from memory) and a
# websocket echo server, then, through nothing (direct), nginx as reverse proxy, CHP and Callisto's
# proxy, interleaved and repeated BENCH_REPS times (the order rotates every run):
#   1. wrk --latency (1 thread, 50 connections) with one route in each proxy;
#   2. websocket round trips: 1,000 sequential 32-byte echoes on one connection (after 200 unmeasured);
#      before the runs, each proxy carries 20,000 echoes, so that a JIT has compiled its websocket
#      path as it has its HTTP path (the same warm-up for every proxy: wrk for 30 s, 20,000 echoes,
#      5 times 10,000 routes added and deleted; on a loaded 2-core machine a JVM's compiler needs
#      that long, and the proxies are long-running processes measured in their steady state);
#   3. 10,000 routes registered through the routes API (CHP, Callisto: wrk posting them on 16
#      kept-alive connections, timed from the first request to the 10,000th answer, with the CPU
#      time the proxy process used meanwhile, less noisy than the rate; nginx: a config
#      with 10,000 locations, restarted), wrk again, then the routes deleted again.
# Afterwards the resident memory (VmRSS, and the peak VmHWM) of each proxy's processes.
# Prints the table of medians with the ratios Callisto/nginx and Callisto/CHP and the goals, and
# writes it to bench/proxy/RESULTS.md with the machine, versions and commands.
# Everything it starts is stopped on exit (also on Ctrl-C or failure).
#
# Needs: java 17+ (javac), /usr/sbin/nginx, /usr/bin/wrk, node 20+ and npm (CHP is installed from
# the npm registry into bench/.work/proxy-chp on first use), python3, curl. Run as root or as a
# user that may run nginx with its own prefix directory.
#
# Settings (environment):
#   BENCH_REPS=3  BENCH_DURATION=10s  BENCH_WARMUP=30s  BENCH_ROUTE_WARMUPS=5  BENCH_THREADS=1  BENCH_CONNECTIONS=50
#   BENCH_ROUTES=10000  BENCH_ROUTE_CONNECTIONS=16 (concurrent API connections registering routes)
#   BENCH_WS_ECHOES=1000  BENCH_WS_WARMUP=20000  BENCH_CHP_VERSION=5.3.0  BENCH_RSS_SETTLE=5 (idle seconds before reading RSS)
#   BENCH_PROXY=proxy/bin/callisto-proxy  the Callisto proxy launcher to measure (built with
#                                         ./mvnw -pl proxy package -DskipTests when its jar is missing)
#   BENCH_RESULTS=bench/proxy/RESULTS.md
#   BENCH_MERGE=<tmp>/results.jsonl[,...]  earlier sessions' raw results, reported with this one's
#                                         (every session's raw results are kept in bench/.work/proxy-results/)
#   CALLISTO_PROXY_JAVA_OPTS              passed on to the launcher
#   BENCH_ONLY=http,ws,routes             the parts to run, comma-separated (default: all three):
#                                         http = wrk with one route (part 1), ws = websocket round
#                                         trips (part 2), routes = registering the routes (part 3; wrk
#                                         with them only together with http). Warm-up and measurements
#                                         are those of the chosen parts; RSS is read as always. A run of
#                                         some parts writes its report to <tmp>/RESULTS.md (not to
#                                         bench/proxy/RESULTS.md unless BENCH_RESULTS says so) and keeps
#                                         no raw results in bench/.work. For a quick A/B of a change:
#                                           BENCH_ONLY=routes BENCH_REPS=5 bench/proxy/run.sh
#                                           BENCH_ONLY=http BENCH_REPS=3 BENCH_WARMUP=15s BENCH_DURATION=5s bench/proxy/run.sh
#                                         and compare the ratios to nginx and CHP of the same run.
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$REPO/bench/.work/proxy-chp"

REPS=${BENCH_REPS:-3}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-30s}
THREADS=${BENCH_THREADS:-1}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
ROUTES=${BENCH_ROUTES:-10000}
ROUTE_CONNECTIONS=${BENCH_ROUTE_CONNECTIONS:-16}
ECHOES=${BENCH_WS_ECHOES:-1000}
WS_WARMUP=${BENCH_WS_WARMUP:-20000}
ROUTE_WARMUPS=${BENCH_ROUTE_WARMUPS:-5}
CHP_VERSION=${BENCH_CHP_VERSION:-5.3.0}
PROXY=${BENCH_PROXY:-$REPO/proxy/bin/callisto-proxy}
ONLY=${BENCH_ONLY:-http,ws,routes}
NGINX=/usr/sbin/nginx
WRK=/usr/bin/wrk
PY=/usr/bin/python3
ROUTE_USER=bench-05000        # the route every wrk run goes through; in the middle of the 10,000
REQUEST_PATH=/user/$ROUTE_USER/api/status

say() { printf '[proxy-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

declare -A PART=()
IFS=, read -r -a parts <<<"$ONLY"
for part in "${parts[@]}"; do
  case $part in
    http|ws|routes) PART[$part]=1 ;;
    *) die "BENCH_ONLY: unknown part '$part' (the parts are http, ws and routes)" ;;
  esac
done
[ "${#PART[@]}" -gt 0 ] || die "BENCH_ONLY names no part (the parts are http, ws and routes)"
part() { [ -n "${PART[$1]:-}" ]; }

for tool in java javac curl node npm "$NGINX" "$WRK" "$PY"; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"
done

START_TIME=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TMP=$(mktemp -d /tmp/callisto-proxy-bench.XXXXXX)
chmod 755 "$TMP"
JSONL="$TMP/results.jsonl"
if [ "${#PART[@]}" = 3 ]; then
  RESULTS=${BENCH_RESULTS:-$HERE/RESULTS.md}
else
  RESULTS=${BENCH_RESULTS:-$TMP/RESULTS.md}
fi
: >"$JSONL"
declare -A PID=()

stop_pid() {  # stop_pid PID: SIGTERM, then SIGKILL after 10 s
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local name
  for name in "${!PID[@]}"; do
    stop_pid "${PID[$name]}"
  done
  say "logs and raw results are in $TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() {  # wait_http URL NAME [SECONDS]: until URL answers at all
  local deadline=$(( $(date +%s) + ${3:-60} ))
  until curl -s -o /dev/null --max-time 2 "$1"; do
    kill -0 "${PID[$2]}" 2>/dev/null || die "$2 exited; see $TMP/$2.log"
    [ "$(date +%s)" -lt "$deadline" ] || die "$2 did not answer on $1; see $TMP/$2.log"
    sleep 0.2
  done
}

# ------------------------------------------------------------------------------------------ build

if [ "$PROXY" = "$REPO/proxy/bin/callisto-proxy" ] && [ ! -f "$REPO/proxy/target/quarkus-app/quarkus-run.jar" ]; then
  say "building Callisto's proxy"
  (cd "$REPO" && ./mvnw -B -q -pl proxy package -DskipTests) >&2 || die "building the proxy failed"
fi
[ -x "$PROXY" ] || die "$PROXY is not executable"
if [ ! -f "$WORK/node_modules/configurable-http-proxy/package.json" ] \
    || ! grep -q "\"version\": \"$CHP_VERSION\"" "$WORK/node_modules/configurable-http-proxy/package.json"; then
  say "installing configurable-http-proxy@$CHP_VERSION into ${WORK#$REPO/}"
  mkdir -p "$WORK"
  npm install --silent --no-audit --no-fund --prefix "$WORK" "configurable-http-proxy@$CHP_VERSION" >&2 \
    || die "npm install failed"
fi
CHP_JS="$WORK/node_modules/configurable-http-proxy/bin/configurable-http-proxy"
mkdir -p "$TMP/classes"
javac -d "$TMP/classes" "$HERE/BenchTool.java" || die "compiling BenchTool.java failed"
TOOL=(java -XX:+UseSerialGC -cp "$TMP/classes" BenchTool)

# ------------------------------------------------------------------------------------------ start

read -r BACKEND ECHO NGINX_PORT CHP_PORT CHP_API CAL_PORT CAL_API <<<"$("$PY" -c '
import socket
socks = [socket.socket() for _ in range(7)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"
TOKEN=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')
export CONFIGPROXY_AUTH_TOKEN=$TOKEN

nginx_common() {  # nginx_common NAME: the top of an nginx config, everything kept in $TMP/NAME
  local dir="$TMP/$1"
  mkdir -p "$dir"
  cat <<EOF
worker_processes 2;
daemon off;
master_process on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
EOF
}

backend_conf() {
  nginx_common backend
  cat <<EOF
  server {
    listen 127.0.0.1:$BACKEND backlog=4096;
    location / {
      default_type application/json;
      return 200 '{"status": "ok", "server": "bench-backend", "started": "2024-05-01T09:30:00.000Z"}';
    }
  }
}
EOF
}

nginx_proxy_conf() {  # nginx_proxy_conf ROUTES: nginx as a reverse proxy with ROUTES user locations
  local routes=$1
  nginx_common nginx
  cat <<EOF
  upstream backend { server 127.0.0.1:$BACKEND; keepalive 64; }
  upstream echo { server 127.0.0.1:$ECHO; }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  proxy_http_version 1.1;
  proxy_set_header Host \$http_host;
  proxy_set_header Upgrade \$http_upgrade;
  proxy_set_header Connection \$connection_upgrade;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
  proxy_set_header X-Forwarded-Port \$server_port;
  proxy_set_header X-Forwarded-Host \$http_host;
  proxy_read_timeout 600s;
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    location /ws/ { proxy_pass http://echo; }
EOF
  if [ "$routes" = 1 ]; then
    echo "    location /user/$ROUTE_USER/ { proxy_pass http://backend; }"
  else
    "$PY" -c "
for i in range($routes):
    print('    location /user/bench-%05d/ { proxy_pass http://backend; }' % i)"
  fi
  echo "  }"
  echo "}"
}

start_nginx() {  # start_nginx NAME CONF_FILE
  "$NGINX" -p "$TMP/$1" -c "$2" >>"$TMP/$1.log" 2>&1 &
  PID[$1]=$!
}

say "backend: nginx on :$BACKEND; websocket echo server on :$ECHO"
backend_conf >"$TMP/backend.conf"
start_nginx backend "$TMP/backend.conf"
"${TOOL[@]}" echo-server "$ECHO" >"$TMP/echo.log" 2>&1 &
PID[echo]=$!
wait_http "http://127.0.0.1:$BACKEND/" backend

nginx_proxy_conf 1 >"$TMP/nginx-1.conf"
nginx_proxy_conf "$ROUTES" >"$TMP/nginx-$ROUTES.conf"
say "nginx as proxy on :$NGINX_PORT"
start_nginx nginx "$TMP/nginx-1.conf"

say "configurable-http-proxy $CHP_VERSION on :$CHP_PORT (API :$CHP_API)"
node "$CHP_JS" --ip 127.0.0.1 --port "$CHP_PORT" --api-ip 127.0.0.1 --api-port "$CHP_API" >"$TMP/chp.log" 2>&1 &
PID[chp]=$!

say "Callisto's proxy ($PROXY) on :$CAL_PORT (API :$CAL_API)"
"$PROXY" --ip 127.0.0.1 --port "$CAL_PORT" --api-ip 127.0.0.1 --api-port "$CAL_API" >"$TMP/callisto.log" 2>&1 &
PID[callisto]=$!

wait_http "http://127.0.0.1:$NGINX_PORT/" nginx
wait_http "http://127.0.0.1:$CHP_API/api/routes" chp
wait_http "http://127.0.0.1:$CAL_API/health" callisto

api_port() { case $1 in chp) echo "$CHP_API" ;; callisto) echo "$CAL_API" ;; esac; }
public_port() { case $1 in direct) echo "$BACKEND" ;; nginx) echo "$NGINX_PORT" ;; chp) echo "$CHP_PORT" ;; callisto) echo "$CAL_PORT" ;; esac; }

add_route() {  # add_route SYSTEM PATH TARGET
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: token $TOKEN" \
    -d "{\"target\": \"$3\"}" "http://127.0.0.1:$(api_port "$1")/api/routes$2")
  [ "$code" = 201 ] || die "$1: POST /api/routes$2 answered $code"
}
for sys in chp callisto; do
  add_route "$sys" "/user/$ROUTE_USER" "http://127.0.0.1:$BACKEND"
  add_route "$sys" /ws "http://127.0.0.1:$ECHO"
done
for sys in direct nginx chp callisto; do
  body=$(curl -s --max-time 5 "http://127.0.0.1:$(public_port $sys)$REQUEST_PATH")
  case $body in *bench-backend*) ;; *) die "$sys does not reach the backend at $REQUEST_PATH: $body" ;; esac
done

# ------------------------------------------------------------------------------------------ measure

record() {  # record SYSTEM REP ROUTES KIND JSON
  printf '{"system": "%s", "rep": %s, "routes": %s, "kind": "%s", "data": %s}\n' "$1" "$2" "$3" "$4" "$5" >>"$JSONL"
}

run_wrk() {  # run_wrk SYSTEM DURATION: prints wrk's JSON line
  local out="$TMP/wrk-$1-$(date +%s%N).txt" json
  "$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$HERE/report.lua" \
    "http://127.0.0.1:$(public_port "$1")$REQUEST_PATH" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  json=$(sed -n 's/^WRK //p' "$out")
  [ -n "$json" ] || die "no WRK line in $out"
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(1 if d["non_2xx"] or d["socket_errors"] or d["timeouts"] else 0)' "$json" \
    || die "$1: wrk saw errors: $json (output in $out)"
  printf '%s' "$json"
}

measure_wrk() {  # measure_wrk SYSTEM REP ROUTES
  local json
  json=$(run_wrk "$1" "$DURATION")
  record "$1" "$2" "$3" wrk "$json"
  say "  $1, $3 route(s): $("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); print("%.0f req/s, mean %.2f ms, p99 %.2f ms" % (d["rps"], d["mean_us"]/1e3, d["p99_us"]/1e3))' "$json")"
}

measure_ws() {  # measure_ws SYSTEM REP
  local port path=/ws/echo json
  port=$(public_port "$1")
  [ "$1" = direct ] && port=$ECHO
  json=$("${TOOL[@]}" ws-rtt 127.0.0.1 "$port" "$path" "$ECHOES" 200) || die "$1: websocket round trips failed"
  record "$1" "$2" 1 ws "$json"
  say "  $1 websocket: $("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); print("median %.1f us, mean %.1f us, p99 %d us" % (d["median_us"], d["mean_us"], d["p99_us"]))' "$json")"
}

cpu_ticks() {  # cpu_ticks PID: the user and system CPU time a process has used, in clock ticks
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

register_routes() {  # register_routes SYSTEM REP: adds the $ROUTES routes through the API, timed, with the proxy's CPU time
  local out="$TMP/routes-$1-$2.txt" done_file="$TMP/routes-done" json pid ticks
  rm -f "$done_file"
  ticks=$(cpu_ticks "${PID[$1]}")
  "$WRK" -t1 -c"$ROUTE_CONNECTIONS" -d120s -s "$HERE/routes.lua" "http://127.0.0.1:$(api_port "$1")" \
    -- "$ROUTES" "$TOKEN" "http://127.0.0.1:$BACKEND" "$done_file" >"$out" 2>&1 &
  pid=$!
  until [ -e "$done_file" ] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" || die "$1: registering routes failed: $(cat "$out")"
  ticks=$(( $(cpu_ticks "${PID[$1]}") - ticks ))
  json=$(sed -n 's/^ROUTES //p' "$out" | sed "s/}\$/, \"cpu_ticks\": $ticks, \"clock_ticks_per_second\": $(getconf CLK_TCK)}/")
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["created"] >= d["routes"] and d["seconds"] > 0 else 1)' "$json" \
    || die "$1: not every route was created: $json"
  [ "$2" = 0 ] && return
  record "$1" "$2" "$ROUTES" routes-POST "$json"
  say "  $1: POST $ROUTES routes: $("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); print("%.2f s, %.0f routes/s, %d CPU ticks, %.1f us CPU a route" % (d["seconds"], d["per_second"], d["cpu_ticks"], d["cpu_ticks"] * 1e6 / d["clock_ticks_per_second"] / d["routes"]))' "$json")"
}

delete_routes() {  # delete_routes SYSTEM: removes the $ROUTES routes (not timed), leaves the one wrk uses
  "${TOOL[@]}" routes DELETE 127.0.0.1 "$(api_port "$1")" "$TOKEN" 0 "$ROUTES" 8 unused >/dev/null \
    || die "$1: deleting routes failed"
  add_route "$1" "/user/$ROUTE_USER" "http://127.0.0.1:$BACKEND"
}

count_routes() {  # count_routes SYSTEM
  curl -s -H "Authorization: token $TOKEN" "http://127.0.0.1:$(api_port "$1")/api/routes" \
    | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

restart_nginx() {  # restart_nginx CONF_FILE
  stop_pid "${PID[nginx]}"
  start_nginx nginx "$1"
  wait_http "http://127.0.0.1:$NGINX_PORT/" nginx
}

rotate() {  # rotate N WORDS...: the words, rotated left by N
  local n=$1; shift
  local words=("$@") i
  for i in $(seq 0 $((${#words[@]} - 1))); do
    printf '%s ' "${words[$(( (i + n) % ${#words[@]} ))]}"
  done
}

say "warming up ($ONLY: wrk -d$WARMUP, $WS_WARMUP websocket echoes, and adding and deleting $ROUTES routes $ROUTE_WARMUPS times, through each proxy)"
for sys in nginx chp callisto; do
  if part http; then json=$(run_wrk "$sys" "$WARMUP"); fi
  if part ws; then
    "${TOOL[@]}" ws-rtt 127.0.0.1 "$(public_port $sys)" /ws/echo "$WS_WARMUP" 0 >/dev/null || die "$sys: websocket warm-up failed"
  fi
  if part routes && [ "$sys" != nginx ]; then
    for round in $(seq 1 "$ROUTE_WARMUPS"); do register_routes "$sys" 0; delete_routes "$sys"; done
  fi
done

for rep in $(seq 1 "$REPS"); do
  read -r -a order <<<"$(rotate $((rep - 1)) direct nginx chp callisto)"
  say "run $rep of $REPS ($ONLY); order: ${order[*]}"
  if part http; then for sys in "${order[@]}"; do measure_wrk "$sys" "$rep" 1; done; fi
  if part ws; then for sys in "${order[@]}"; do measure_ws "$sys" "$rep"; done; fi
  part routes || continue

  say "run $rep of $REPS, $ROUTES routes"
  for sys in "${order[@]}"; do
    case $sys in
      chp|callisto) register_routes "$sys" "$rep" ;;
      nginx)
        began=$(date +%s%N)
        restart_nginx "$TMP/nginx-$ROUTES.conf"
        record nginx "$rep" "$ROUTES" restart "{\"seconds\": $(( ($(date +%s%N) - began) / 1000000 ))e-3}" ;;
    esac
  done
  for sys in chp callisto; do
    n=$(count_routes "$sys")
    [ "$n" = $((ROUTES + 1)) ] || die "$sys holds $n routes, not $((ROUTES + 1))"
  done
  if part http; then for sys in "${order[@]}"; do [ "$sys" = direct ] || measure_wrk "$sys" "$rep" "$ROUTES"; done; fi
  for sys in chp callisto; do delete_routes "$sys"; done
  restart_nginx "$TMP/nginx-1.conf"
done

rss() {  # rss PID...: VmRSS and VmHWM summed over the processes, in KiB, as JSON
  local pid rss=0 hwm=0 v
  for pid in "$@"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"); rss=$((rss + v))
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status"); hwm=$((hwm + v))
  done
  printf '{"rss_kib": %d, "hwm_kib": %d, "processes": %d}' "$rss" "$hwm" "$#"
}
# nginx's resident memory is its master's and its workers'; its workers were restarted with the
# 1-route configuration, so its peak (VmHWM) is that of the last configuration only.
# Resident memory is read after RSS_SETTLE seconds without traffic, the same for every proxy (a JVM
# hands freed native memory back to the system about once a second); the peak is reported too.
sleep "${BENCH_RSS_SETTLE:-5}"
record nginx 0 1 rss "$(rss "${PID[nginx]}" $(pgrep -P "${PID[nginx]}"))"
record chp 0 1 rss "$(rss "${PID[chp]}")"
record callisto 0 1 rss "$(rss "${PID[callisto]}")"

# ------------------------------------------------------------------------------------------ report

{
  echo "# whole benchmark (from the repository root):"
  echo "$(env | grep -E '^(BENCH_|CALLISTO_PROXY_JAVA_OPTS=)' | sort | tr '\n' ' ')bench/proxy/run.sh"
  echo "# per system and run (<port>: the backend for direct, else the proxy's public port):"
  echo "$WRK -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/proxy/report.lua http://127.0.0.1:<port>$REQUEST_PATH"
  echo "java BenchTool.java ws-rtt 127.0.0.1 <port> /ws/echo $ECHOES 200"
  echo "$WRK -t1 -c$ROUTE_CONNECTIONS -d120s -s bench/proxy/routes.lua http://127.0.0.1:<api port> -- $ROUTES <token> http://127.0.0.1:<backend> <done file>"
  echo "java BenchTool.java routes DELETE 127.0.0.1 <api port> <token> 0 $ROUTES 8 unused    # untimed, after each run"
  echo "# the proxies:"
  echo "nginx -p <tmp>/nginx -c <tmp>/nginx-{1,$ROUTES}.conf      # worker_processes 2; upstream keepalive 64; access_log off"
  echo "node $CHP_JS --ip 127.0.0.1 --port <port> --api-ip 127.0.0.1 --api-port <api port>" | sed "s|$REPO/||"
  echo "$PROXY --ip 127.0.0.1 --port <port> --api-ip 127.0.0.1 --api-port <api port>" | sed "s|$REPO/||"
} >"$TMP/commands.txt"
sed "s|$TMP|<tmp>|g" "$TMP/nginx-1.conf" >"$TMP/nginx-example.conf"

if [ "${#PART[@]}" = 3 ]; then
  mkdir -p "$REPO/bench/.work/proxy-results"
  cp "$JSONL" "$REPO/bench/.work/proxy-results/$(date -u +%Y%m%dT%H%M%SZ).jsonl"
fi
# BENCH_MERGE: raw results of earlier sessions (results.jsonl, comma-separated), reported together.
"$PY" "$HERE/report.py" "$JSONL${BENCH_MERGE:+,$BENCH_MERGE}" "$RESULTS" \
  --commands "$TMP/commands.txt" --nginx-conf "$TMP/nginx-example.conf" --load-before "$LOAD_BEFORE" \
  --load-after "$(cut -d' ' -f1-3 /proc/loadavg)" --seconds $(( $(date +%s) - START_TIME )) \
  --chp-version "$CHP_VERSION" --proxy "$PROXY" --repo "$REPO" --routes "$ROUTES" \
  --duration "$DURATION" --reps "$REPS" --echoes "$ECHOES"
say "wrote ${RESULTS#$REPO/} in $(( $(date +%s) - START_TIME )) s"
