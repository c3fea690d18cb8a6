#!/usr/bin/env bash
# bench/api/profile.sh — where Callisto spends the time of run.sh's two requests (Callisto only).
#
# Starts Callisto as run.sh does (same build rules, BENCH_SNAPSHOT, BENCH_BUILD), creates the users
# and a token, then:
#   1. SQL statements per request, from PostgreSQL's log (log_statement=all for that part only);
#   2. latency of one request at a time, through the proxy and straight to the hub, for
#      GET /hub/api/ (no credentials, no database) and GET /hub/api/users/{name};
#   3. the same four with wrk -t2 -c50, with the CPU time each process (hub, proxy, PostgreSQL)
#      spends per request;
#   4. JFR (running in both JVMs from their start) cut to another proxied user run and to 300
#      sequential pages, summarised by component and hottest methods.
# Prints a report and writes it to bench/api/PROFILE.md; keeps the JFR files in bench/.work/profile.
#
# Settings: BENCH_USERS=10000 BENCH_DURATION=15s BENCH_THREADS=2 BENCH_CONNECTIONS=50 BENCH_SEQ=500 (section 2)
#           BENCH_PROFILE_OUT=bench/api/PROFILE.md, and run.sh's BENCH_SNAPSHOT, BENCH_BUILD, CALLISTO_JAVA_OPTS.
set -euo pipefail
# shellcheck source=bench/api/common.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"

USERS=${BENCH_USERS:-10000}
DURATION=${BENCH_DURATION:-15s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
SEQ=${BENCH_SEQ:-500}
OUT_MD=${BENCH_PROFILE_OUT:-$HERE/PROFILE.md}
PSQL=/usr/lib/postgresql/15/bin/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql) || die "psql is needed (Debian: postgresql-client)"
command -v jcmd >/dev/null && command -v jfr >/dev/null || die "jcmd and jfr (JDK) are needed"
TOKEN_USER=$(printf 'bench-%05d' $((USERS / 2)))
# JFR runs from the start in both JVMs (starting it later makes the JVM re-instrument JDK classes and
# drop compiled code, which on a busy 2-core machine wrecks the very run being recorded); sections
# are cut out of it with JFR.dump begin/end. Deep stacks: Quarkus + Hibernate go past the default 64.
JFR_OPTS="-XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=name=bench,settings=profile,maxage=1h"
export CALLISTO_JAVA_OPTS="${CALLISTO_JAVA_OPTS:-} $JFR_OPTS"
export CALLISTO_PROXY_JAVA_OPTS="${CALLISTO_PROXY_JAVA_OPTS:-} $JFR_OPTS"

TMP=$(mktemp -d /tmp/callisto-profile.XXXXXX)
JFR_DIR="$WORK/profile"
mkdir -p "$JFR_DIR"
REPORT="$TMP/report.md"
save_logs() { cp "$TMP/callisto/hub.log" "$JFR_DIR/callisto-hub.log" 2>/dev/null; }

prepare_callisto
read -r PUBLIC HUB API <<<"$("$PY" "$HELPER" ports 3)"
PORTS="$PUBLIC $HUB $API"
ADMIN=$("$PY" "$HELPER" secret)
PROXY="http://127.0.0.1:$PUBLIC"
DIRECT="http://127.0.0.1:$HUB"
say "starting Callisto (hub :$HUB, proxy :$PUBLIC)"
start_callisto "$PUBLIC" "$HUB" "$API" "$ADMIN" "$TMP/callisto"
PROXY_PID=$(ss -ltnpH "sport = :$PUBLIC" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
say "creating $USERS users"
"$PY" "$HELPER" create-users "$PROXY" "$ADMIN" 0 "$USERS" 500 >/dev/null 2>&1 || die "creating users"
TOKEN=$("$PY" "$HELPER" token "$PROXY" "$ADMIN" "$TOKEN_USER")

STATE="$TMP/callisto/state"
PGPORT=$(sed -n 4p "$STATE/db/postmaster.pid")
PGPASSWORD=$(cat "$STATE/db-password")
export PGPASSWORD
sql() { "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -d callisto -XAtq -F ' ' -c "$1"; }
postgres_pids() {
  local pm
  pm=$(head -n1 "$STATE/db/postmaster.pid")
  echo "$pm" $(descendants "$pm") | tr ' ' ','
}

report() { printf '%s\n' "$*" >>"$REPORT"; }
report "# Where Callisto's time goes (bench/api/profile.sh)"
report ""
report "Written $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
report "Callisto from $SRC; $USERS users; the user requests use \`$TOKEN_USER\`'s own token, the pages the admin service token."
report ""

say "warming up (as run.sh: wrk in 5 s rounds until 5000 requests or 60 s, then 50 pages)"
warm=0; t0=$SECONDS
while [ "$warm" -lt 5000 ] && [ $((SECONDS - t0)) -lt 60 ]; do
  json=$("$WRK" -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$HERE/report.lua" -H "Authorization: token $TOKEN" \
           "$PROXY/hub/api/users/$TOKEN_USER" | sed -n 's/^BENCH //p')
  warm=$((warm + $("$PY" -c 'import json,sys; print(json.load(sys.stdin)["requests"])' <<<"$json")))
done
"$PY" "$HELPER" pages "$PROXY" "$ADMIN" "$USERS" 200 50 >/dev/null
report "Warm-up: $warm user requests through the proxy in $((SECONDS - t0)) s, then 50 pages."
report ""

# ------------------------------------------------------------------------------ 1. database work
say "1. SQL statements per request"
report "## 1. SQL statements per request"
report ""
report "PostgreSQL's own log (\`log_statement = 'all'\`, switched on only for this part) over sequential requests through the proxy."
report "Transactions: pgjdbc sends \`BEGIN\` with a transaction's first statement; \`COMMIT\` shows as its own statement."
report ""
PGLOG="$STATE/db/postgres.log"
statements() {  # statements LABEL N PATH TOKEN
  local label=$1 n=$2 path=$3 tok=$4 start
  sql "ALTER SYSTEM SET log_statement = 'all'" >/dev/null; sql "select pg_reload_conf()" >/dev/null; sleep 1
  start=$(stat -c %s "$PGLOG")
  "$PY" "$HELPER" latency "$PROXY" "$tok" "$path" "$n" >/dev/null
  sleep 1
  sql "ALTER SYSTEM RESET log_statement" >/dev/null; sql "select pg_reload_conf()" >/dev/null
  tail -c +$((start + 1)) "$PGLOG" >"$TMP/statements.log"
  "$PY" "$HELPER" sql-log "$TMP/statements.log" "$n" "$label" >>"$REPORT"
}
statements "\`GET /hub/api/users/$TOKEN_USER\` (user token)" 200 "/hub/api/users/$TOKEN_USER" "$TOKEN"
statements "\`GET /hub/api/users?limit=200&offset=4000\` (admin token)" 20 "/hub/api/users?limit=200&offset=4000" "$ADMIN"

# ------------------------------------------------------------------------------ 2. one at a time
say "2. sequential latency"
report "## 2. One request at a time"
report ""
report "| request | via | median ms | p99 ms |"
report "|---|---|---:|---:|"
for path in /hub/api/ "/hub/api/users/$TOKEN_USER"; do
  tok=-; [ "$path" = /hub/api/ ] || tok=$TOKEN
  for via in proxy hub; do
    base=$PROXY; [ $via = hub ] && base=$DIRECT
    r=$("$PY" "$HELPER" latency "$base" "$tok" "$path" "$SEQ")
    report "| \`GET $path\` | $via | $("$PY" -c 'import json,sys; d=json.load(sys.stdin); print("%.2f | %.2f" % (d["median_ms"], d["p99_ms"]))' <<<"$r") |"
  done
done
report ""

# ------------------------------------------------------------------------------ 3. under load
say "3. wrk -t$THREADS -c$CONNECTIONS -d$DURATION, four ways"
report "## 3. Under load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
report ""
report "CPU time is what each process used during the run (user + system, /proc), per request answered (JFR running)."
report ""
report "| request | via | requests/s | p50 ms | p99 ms | non-2xx | hub CPU ms/req | proxy CPU ms/req | PostgreSQL CPU ms/req | total CPU ms/req |"
report "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
load() {  # load PATH VIA TOKEN
  local path=$1 via=$2 tok=$3 base=$PROXY c0 c1 out
  [ "$via" = hub ] && base=$DIRECT
  local header=(); [ "$tok" = - ] || header=(-H "Authorization: token $tok")
  c0=$("$PY" "$HELPER" cpu "hub=$CAL_PID" "proxy=$PROXY_PID" "db=$(postgres_pids)")
  out=$("$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/report.lua" "${header[@]}" "$base$path")
  c1=$("$PY" "$HELPER" cpu "hub=$CAL_PID" "proxy=$PROXY_PID" "db=$(postgres_pids)")
  "$PY" - "$path" "$via" "$(sed -n 's/^BENCH //p' <<<"$out")" "$c0" "$c1" >>"$REPORT" <<'EOF'
import json, sys
sys.path.insert(0, __import__("os").environ["HERE"])
from bench import cpu_ms_per_request
path, via, w, c0, c1 = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5])
cpu = cpu_ms_per_request(c0, c1, w["requests"])
print("| `GET %s` | %s | %.0f | %.1f | %.1f | %d | %.2f | %s | %.2f | %.2f |" % (
    path, via, w["rps"], w["lat_p50_us"] / 1e3, w["lat_p99_us"] / 1e3, w["errors_status"], cpu["hub"],
    "%.2f" % cpu["proxy"] if via == "proxy" else "—", cpu["db"], sum(cpu.values())))
EOF
}
export HERE
load /hub/api/ proxy -
load /hub/api/ hub -
load "/hub/api/users/$TOKEN_USER" hub "$TOKEN"
load "/hub/api/users/$TOKEN_USER" proxy "$TOKEN"
report ""

# ------------------------------------------------------------------------------ 4. JFR
say "4. JFR: a proxied user run and 300 pages"
now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
u0=$(now)
"$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: token $TOKEN" "$PROXY/hub/api/users/$TOKEN_USER" >"$TMP/jfr-wrk.txt"
u1=$(now)
jcmd "$CAL_PID" JFR.dump name=bench begin="$u0" end="$u1" filename="$JFR_DIR/hub-user.jfr" >/dev/null
jcmd "$PROXY_PID" JFR.dump name=bench begin="$u0" end="$u1" filename="$JFR_DIR/proxy-user.jfr" >/dev/null
p0=$(now)
"$PY" "$HELPER" pages "$PROXY" "$ADMIN" "$USERS" 200 300 >"$TMP/jfr-pages.json"
p1=$(now)
jcmd "$CAL_PID" JFR.dump name=bench begin="$p0" end="$p1" filename="$JFR_DIR/hub-pages.jfr" >/dev/null
report "## 4. JFR CPU samples"
report ""
report "JFR (settings=profile) runs in both JVMs from their start, also during sections 1-3. Cut from it: a"
report "wrk -t$THREADS -c$CONNECTIONS -d$DURATION run of \`GET /hub/api/users/$TOKEN_USER\` through the proxy"
report "($(grep 'Requests/sec' "$TMP/jfr-wrk.txt" | tr -s ' ')), then 300 sequential pages"
report "(median $("$PY" -c 'import json,sys; print(json.load(sys.stdin)["median_ms"])' <"$TMP/jfr-pages.json") ms)."
report ""
report "### Hub, user requests"
report ""
"$PY" "$HELPER" jfr-summary "$JFR_DIR/hub-user.jfr" 256 "$u0" "$u1" >>"$REPORT"
report ""
report "### Hub, 200-user pages"
report ""
"$PY" "$HELPER" jfr-summary "$JFR_DIR/hub-pages.jfr" 256 "$p0" "$p1" >>"$REPORT"
report ""
report "Hub JVM: \`$(jcmd "$CAL_PID" VM.flags | tail -n1 | tr ' ' '\n' | grep -E 'Use.*GC|MaxHeapSize|TieredStopAtLevel' | tr '\n' ' ')\`"
report ""
report "### Proxy, user requests"
report ""
"$PY" "$HELPER" jfr-summary "$JFR_DIR/proxy-user.jfr" 256 "$u0" "$u1" >>"$REPORT"
report ""
report "Proxy JVM: \`$(jcmd "$PROXY_PID" VM.flags | tail -n1 | tr ' ' '\n' | grep -E 'Use.*GC|MaxHeapSize|TieredStopAtLevel' | tr '\n' ' ')\`"
report ""
report "Load average after: $(cut -d' ' -f1-3 /proc/loadavg). JFR files: bench/.work/profile/*.jfr (\`jfr print\`, JDK Mission Control)."

cp "$REPORT" "$OUT_MD"
cat "$REPORT"
say "wrote ${OUT_MD#$REPO/}"
