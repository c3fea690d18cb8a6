#!/usr/bin/python3
"""Helpers for bench/api/run.sh (standard library only, except `seed-jupyterhub`, which imports
JupyterHub's own ORM from Debian's jupyterhub package).

  ports N                          N free TCP ports on 127.0.0.1
  secret                           a random 64-hex-digit token
  create-users BASE TOKEN FIRST END BATCH
                                   POST /hub/api/users {"usernames": [...]} for bench-FIRST..END-1
  token BASE TOKEN USER            POST /hub/api/users/USER/tokens; prints the new token
  seed-jupyterhub DB_URL FIRST END inserts bench-FIRST..END-1 into a stopped JupyterHub 3's database
                                   exactly as its POST /hub/api/users leaves them
  same-model BASE TOKEN USER_A USER_B
                                   checks two users' models have the same shape (seeded vs API-made)
  latency BASE TOKEN PATH N        N sequential GETs of PATH on one keep-alive connection (token may be -)
  jfr-summary JFR_FILE [DEPTH BEGIN END]  where a JFR recording's CPU samples are, by component and by method
  sql-log LOG N LABEL              the statements a PostgreSQL log (log_statement=all) shows, per request
  snapshot REPO DEST               make DEST a copy of REPO's working tree (tracked and untracked, not
                                   ignored, not bench/), keeping DEST's target/ directories
  cpu GROUP=PID,PID ...             CPU seconds (user + system) used so far by each process, by group
  pages BASE TOKEN USERS LIMIT N   N sequential GET /hub/api/users?limit=LIMIT&offset=... on one
                                   keep-alive connection; prints latency statistics as JSON
  meta OUT_JSON COMMANDS NOTES LOAD_BEFORE CALLISTO_ROOT USERS TOKEN_USER
                                   machine, versions and commands for the report
  report RESULTS_JSONL META_JSON OUT_MD
                                   prints the results table and writes OUT_MD
"""
import http.client
import json
import os
import platform
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

USER_FORMAT = "bench-%05d"


def names(first, end):
    return [USER_FORMAT % i for i in range(first, end)]


def api(base, token, method, path, body=None, timeout=900):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": "token " + token, "Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.status, json.loads(answer.read() or b"null")


def cmd_ports(n):
    socks = []
    for _ in range(int(n)):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in socks))
    for s in socks:
        s.close()


def cmd_secret():
    print(secrets.token_hex(32))


def cmd_create_users(base, token, first, end, batch):
    first, end, batch = int(first), int(end), int(batch)
    started = time.monotonic()
    batches = []
    for start in range(first, end, batch):
        t = time.monotonic()
        status, created = api(base, token, "POST", "/hub/api/users", {"usernames": names(start, min(end, start + batch))})
        if status != 201 or len(created) != min(end, start + batch) - start:
            sys.exit("create-users: batch at %d answered %s with %d users" % (start, status, len(created or [])))
        batches.append(round(time.monotonic() - t, 3))
        print("  created %s..%s in %.1f s" % (USER_FORMAT % start, USER_FORMAT % (min(end, start + batch) - 1), batches[-1]),
              file=sys.stderr, flush=True)
    seconds = time.monotonic() - started
    print(json.dumps({"users": end - first, "seconds": round(seconds, 2), "batches_s": batches}))


def cmd_token(base, token, user):
    status, model = api(base, token, "POST", "/hub/api/users/%s/tokens" % user, {"note": "bench/api"})
    if status not in (200, 201) or not model.get("token"):
        sys.exit("token: answered %s: %s" % (status, model))
    print(model["token"])


def cmd_seed_jupyterhub(db_url, first, end):
    # What JupyterHub 3.0's POST /hub/api/users leaves per user (handlers/base.py user_from_username,
    # apihandlers/users.py): a users row (created, cookie_id by column defaults), the 'user' role
    # (roles.assign_default_roles) and, because the answer's user model touches user.spawner, an
    # empty default spawners row. Done here in one transaction instead of ~3 commits per user.
    from jupyterhub import orm

    started = time.monotonic()
    db = orm.new_session_factory(db_url)()
    user_role = orm.Role.find(db, "user")
    if user_role is None:
        sys.exit("seed-jupyterhub: no 'user' role; start JupyterHub once on this database first")
    existing = {name for (name,) in db.query(orm.User.name)}
    added = 0
    for name in names(int(first), int(end)):
        if name in existing:
            continue
        user = orm.User(name=name)
        user.roles.append(user_role)
        db.add(user)
        db.add(orm.Spawner(user=user, name=""))
        added += 1
    db.commit()
    db.close()
    print(json.dumps({"users": added, "seconds": round(time.monotonic() - started, 2)}))


def cmd_same_model(base, token, user_a, user_b):
    _, a = api(base, token, "GET", "/hub/api/users/" + user_a)
    _, b = api(base, token, "GET", "/hub/api/users/" + user_b)
    def shape(model):
        return {k: (v if k in ("admin", "roles", "groups", "server", "pending", "servers", "kind", "last_activity") else type(v).__name__)
                for k, v in model.items()}
    if shape(a) != shape(b):
        sys.exit("same-model: %s and %s differ:\n  %s\n  %s" % (user_a, user_b, shape(a), shape(b)))
    print(json.dumps(shape(a), sort_keys=True))


def cmd_snapshot(repo, dest):
    import shutil
    listed = subprocess.run(["git", "-C", repo, "ls-files", "-z", "-co", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    wanted = {f for f in listed if f and not f.startswith("bench/") and os.path.isfile(os.path.join(repo, f))}
    copied = removed = 0
    for f in sorted(wanted):
        src, dst = os.path.join(repo, f), os.path.join(dest, f)
        st = os.stat(src)
        try:
            d = os.stat(dst)
            if d.st_size == st.st_size and int(d.st_mtime) == int(st.st_mtime):
                continue
        except FileNotFoundError:
            pass
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        copied += 1
    for root, dirs, files in os.walk(dest):
        dirs[:] = [d for d in dirs if d not in ("target", "node_modules")]
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), dest)
            if rel not in wanted and rel != "BENCH_SOURCE.txt":
                os.remove(os.path.join(root, name))
                removed += 1
    print("%d files, %d copied, %d removed" % (len(wanted), copied, removed))


def cmd_cpu(*specs):
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for spec in specs:
        group, _, pids = spec.partition("=")
        out[group] = {}
        for pid in filter(None, pids.split(",")):
            try:
                fields = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[group][pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    print(json.dumps(out))


def cmd_latency(base, token, path, n):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    headers = {} if token == "-" else {"Authorization": "token " + token}
    samples, bad = [], 0
    for _ in range(int(n)):
        t = time.perf_counter()
        conn.request("GET", path, headers=headers)
        answer = conn.getresponse()
        answer.read()
        samples.append((time.perf_counter() - t) * 1000)
        bad += answer.status != 200
    conn.close()
    print(json.dumps({"requests": int(n), "bad": bad, "median_ms": round(statistics.median(samples), 3),
                      "p99_ms": round(percentile(samples, 99), 3)}))


# Components a CPU sample is charged to when one of its frames matches (first match from the top of
# the stack wins for "self"; every match counts for "inclusive").
COMPONENTS = [
    ("PostgreSQL JDBC driver", ("org.postgresql.",)),
    ("Agroal connection pool", ("io.agroal.",)),
    ("Narayana transactions", ("com.arjuna.", "io.quarkus.narayana.", "org.jboss.tm.", "io.narayana.")),
    ("Hibernate ORM + Panache", ("org.hibernate.", "io.quarkus.hibernate.")),
    ("Callisto: scopes (expand/intersect/allows)", ("io.callisto.hub.auth.Scopes.",)),
    ("Callisto: authentication filter (token lookup, identity)", ("io.callisto.hub.auth.AuthenticationFilter.", "io.callisto.hub.auth.Identities.", "io.callisto.hub.tokens.TokenService.")),
    ("Callisto: token hashing (SHA-256)", ("io.callisto.hub.tokens.Secrets.",)),
    ("Callisto: scope filter", ("io.callisto.hub.auth.ScopeFilter.",)),
    ("Callisto: user model (UserModels, RoleService)", ("io.callisto.hub.users.UserModels.", "io.callisto.hub.roles.RoleService.")),
    ("Callisto: resource methods", ("io.callisto.hub.users.UserResource.", "io.callisto.hub.users.UsersResource.", "io.callisto.hub.users.UserQueries.")),
    ("Jackson JSON", ("com.fasterxml.jackson.",)),
    ("Quarkus REST (RESTEasy Reactive)", ("org.jboss.resteasy.reactive.", "io.quarkus.resteasy.reactive.", "io.quarkus.rest.")),
    ("ArC CDI (interceptors, request context)", ("io.quarkus.arc.",)),
    ("Micrometer", ("io.micrometer.",)),
    ("Vert.x / Netty (HTTP I/O)", ("io.vertx.", "io.netty.")),
    ("SmallRye context propagation", ("io.smallrye.context.",)),
    ("JBoss logging", ("org.jboss.logging.", "org.jboss.logmanager.")),
]


# Where in the request a sample is (inclusive; frames matched by prefix).
STAGES = [
    ("caller identity: AuthenticationFilter.filter (token, owner, roles, groups, scopes)", ("io.callisto.hub.auth.AuthenticationFilter.filter",)),
    ("resource method: UserResource.get / UsersResource.list (user model)", ("io.callisto.hub.users.UserResource.get", "io.callisto.hub.users.UsersResource.list")),
    ("transaction commit (Narayana: Hibernate flush, session close, connection release)", (
        "com.arjuna.ats.arjuna.coordinator.TwoPhaseCoordinator.end",
        "com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple.commitAndDisassociate")),
    ("inside @Transactional (either of the two transactions)", ("io.quarkus.narayana.jta.runtime.interceptor.TransactionalInterceptorBase.",)),
    ("Hibernate: executing statements, reading results", ("org.hibernate.sql.exec.", "org.hibernate.sql.results.")),
    ("Hibernate: lazy collection loading (roles, groups)", ("org.hibernate.collection.spi.AbstractPersistentCollection.initialize",
                                                          "org.hibernate.event.internal.DefaultInitializeCollectionEventListener.")),
    ("Hibernate: flush (dirty checking)", ("org.hibernate.event.internal.AbstractFlushingEventListener.",
                                           "org.hibernate.event.internal.DefaultAutoFlushEventListener.")),
    ("Hibernate: HQL/SQL translation (plan cache misses)", ("org.hibernate.query.hql.", "org.hibernate.query.sqm.sql.", "org.hibernate.sql.ast.")),
    ("PostgreSQL JDBC driver", ("org.postgresql.",)),
    ("JSON (Jackson)", ("com.fasterxml.jackson.",)),
]


def cmd_jfr_summary(path, depth="96", begin=None, end=None):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", depth, "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(raw)["recording"]["events"]
    inclusive, self_component, self_method, threads, stages = {}, {}, {}, {}, {}
    n = 0
    for e in events:
        when = e["values"]["startTime"][:23]
        if (begin and when < begin[:23]) or (end and when > end[:23]):
            continue
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        names = ["%s.%s" % (f["method"]["type"]["name"].replace("/", "."), f["method"]["name"]) for f in frames]
        if not names:
            continue
        n += 1
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        thread = re.sub(r"[-#]?\d+$", "", thread)
        threads[thread] = threads.get(thread, 0) + 1
        seen = set()
        for label, prefixes in COMPONENTS:
            if any(name.startswith(prefixes) for name in names):
                seen.add(label)
        for label in seen:
            inclusive[label] = inclusive.get(label, 0) + 1
        for label, prefixes in STAGES:
            if any(name.startswith(prefixes) for name in names):
                stages[label] = stages.get(label, 0) + 1
        top = next((label for name in names for label, prefixes in COMPONENTS if name.startswith(prefixes)), "other (JDK, …)")
        self_component[top] = self_component.get(top, 0) + 1
        self_method[names[0]] = self_method.get(names[0], 0) + 1

    def table(title, counts, limit=None):
        rows = sorted(counts.items(), key=lambda kv: -kv[1])[:limit]
        lines = ["| %s | samples | share |" % title, "|---|---:|---:|"]
        lines += ["| %s | %d | %.1f%% |" % (k.replace("|", "\\|"), v, 100.0 * v / n) for k, v in rows]
        return "\n".join(lines)

    print("%d CPU samples (jdk.ExecutionSample) in %s%s\n" % (n, os.path.basename(path),
          ", %s to %s" % (begin[11:19], end[11:19]) if begin and end else ""))
    print(table("threads", threads, 8) + "\n")
    if stages:
        print(table("where in the request (inclusive)", stages) + "\n")
    print(table("library or component on the stack (inclusive; a sample counts for each)", inclusive) + "\n")
    print(table("innermost component (self)", self_component) + "\n")
    print(table("hottest methods (self)", self_method, 15))


def cmd_sql_log(path, n, label):
    n = int(n)
    counts = {}
    for line in open(path, errors="replace"):
        m = re.search(r"LOG:  (?:execute [^:]*|statement): (.*)$", line)
        if not m:
            continue
        text = re.sub(r"\s+", " ", m.group(1)).strip()
        if re.match(r"(?i)(alter system|select pg_reload_conf)", text):
            continue
        text = re.sub(r"(?i)^select (?!count).*? from ", "select … from ", text)
        text = re.sub(r"\$\d+(, \$\d+)+", "$…", text)
        counts[text] = counts.get(text, 0) + 1
    total = sum(counts.values())
    print("%s: %.2f statements per request (%d requests)\n" % (label, total / n, n))
    print("| statement (select lists shortened) | per request |")
    print("|---|---:|")
    for text, c in sorted(counts.items(), key=lambda kv: -kv[1]):
        print("| `%s` | %.2f |" % (text.replace("|", "\\|")[:220], c / n))
    print()


def cpu_ms_per_request(before, after, requests):
    """CPU milliseconds per request, by group, from two `cpu` snapshots."""
    out = {}
    for group, pids in after.items():
        used = sum(sec - before.get(group, {}).get(pid, 0.0) for pid, sec in pids.items())
        out[group] = used * 1000 / requests if requests else float("nan")
    return out


def percentile(values, p):
    """Nearest-rank percentile (the value at or below which p% of the values lie)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def cmd_pages(base, token, users, limit, requests):
    users, limit, requests = int(users), int(limit), int(requests)
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    offsets = list(range(0, max(1, users - limit + 1), limit))
    headers = {"Authorization": "token " + token, "Accept": "application/json"}
    samples = []
    bad = 0
    for i in range(requests):
        offset = offsets[(i * 7) % len(offsets)]  # walk all pages, not in order
        t = time.perf_counter()
        conn.request("GET", "/hub/api/users?limit=%d&offset=%d" % (limit, offset), headers=headers)
        answer = conn.getresponse()
        body = answer.read()
        samples.append((time.perf_counter() - t) * 1000)
        if answer.status != 200:
            bad += 1
            continue
        items = json.loads(body)
        if isinstance(items, dict):  # the pagination envelope, if a server sends it anyway
            items = items.get("items", [])
        if len(items) != min(limit, users - offset) and offset + limit <= users:
            bad += 1
    conn.close()
    print(json.dumps({"requests": requests, "bad": bad, "samples_ms": [round(s, 3) for s in samples],
                      "median_ms": round(statistics.median(samples), 2), "p99_ms": round(percentile(samples, 99), 2)}))


# ---------------------------------------------------------------------------------------------- report

def run(*cmd):
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (done.stdout + done.stderr).strip()
    except OSError as e:
        return "unavailable (%s)" % e


def cmd_meta(out_path, commands_path, notes_path, load_before, callisto_root, users, token_user):
    """Machine, versions and commands for the report, as JSON."""
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem_kib = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    pom = open(os.path.join(callisto_root, "pom.xml")).read()
    quarkus = re.search(r"<quarkus.platform.version>([^<]+)<", pom)
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    source_note = os.path.join(callisto_root, "BENCH_SOURCE.txt")  # written when a snapshot is taken
    if os.path.exists(source_note):
        source = open(source_note).read().strip()
    else:
        head = run("git", "-C", repo, "rev-parse", "--short", "HEAD")
        dirty = run("git", "-C", repo, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no")
        source = "HEAD %s with %d tracked file(s) changed in the working tree" % (head, len([l for l in dirty.splitlines() if l.strip()]))
    jar = os.path.join(callisto_root, "hub/target/quarkus-app/app")
    jars = [os.path.join(jar, f) for f in os.listdir(jar)] if os.path.isdir(jar) else []
    built = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(max(os.path.getmtime(j) for j in jars))) if jars else "?"
    chp = run(os.path.join(repo, "bench/.work/node_modules/.bin/configurable-http-proxy"), "--version")
    machine = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "CPU": "%s, nproc %s" % (cpu, os.cpu_count()),
        "memory": "%.1f GiB" % (mem_kib / 1024 / 1024),
        "load average (1/5/15 min) before the run": load_before,
        "load average (1/5/15 min) after the run": " ".join(open("/proc/loadavg").read().split(" ", 3)[:3]),
        "OS": "%s, kernel %s" % (run("sh", "-c", ". /etc/os-release; echo $PRETTY_NAME"), platform.release()),
        "Callisto": "%s (built %s in %s)" % (source, built, callisto_root),
        "Java": run("java", "-version").splitlines()[0],
        "Quarkus": quarkus.group(1) if quarkus else "?",
        "JupyterHub": run("/usr/bin/python3", "/usr/bin/jupyterhub", "--version") + " (Debian package %s)" % run("dpkg-query", "-W", "-f=${Version}", "jupyterhub"),
        "configurable-http-proxy": chp + " (npm, bench/.work/node_modules), node " + run("node", "--version"),
        "Python": platform.python_version() + ", SQLAlchemy " + run("/usr/bin/python3", "-c", "import sqlalchemy; print(sqlalchemy.__version__)"),
        "wrk": run("/usr/bin/wrk", "-v").splitlines()[0],
    }
    meta = {
        "date": machine["date"], "machine": machine, "users": int(users), "token_user": token_user,
        "goals": {"ratio": 20, "p99_ms": 10, "page_ms": 50},
        "commands": [l.rstrip("\n") for l in open(commands_path)],
        "notes": [l.rstrip("\n") for l in open(notes_path) if l.strip()],
    }
    with open(out_path, "w") as f:
        json.dump(meta, f, indent=1)


def median(values):
    return statistics.median(values) if values else float("nan")


def cmd_report(results_path, meta_path, out_path):
    rows = [json.loads(line) for line in open(results_path) if line.strip()]
    meta = json.load(open(meta_path))
    systems = [("callisto", "Callisto"), ("jupyterhub", "JupyterHub 3.0")]
    wrk = {s: [r for r in rows if r["kind"] == "wrk" and r["system"] == s] for s, _ in systems}
    pages = {s: [r for r in rows if r["kind"] == "pages" and r["system"] == s] for s, _ in systems}
    setup = [r for r in rows if r["kind"] == "setup"]
    goals = meta["goals"]

    def stat(system, key, scale=1.0):
        return median([r["data"][key] * scale for r in wrk[system]])

    rps = {s: stat(s, "rps") for s, _ in systems}
    p50 = {s: stat(s, "lat_p50_us", 1e-3) for s, _ in systems}
    p99 = {s: stat(s, "lat_p99_us", 1e-3) for s, _ in systems}
    pooled = {s: [x for r in pages[s] for x in r["data"]["samples_ms"]] for s, _ in systems}
    page_med = {s: median(pooled[s]) for s, _ in systems}
    page_p99 = {s: percentile(pooled[s], 99) if pooled[s] else float("nan") for s, _ in systems}
    paired = []
    for r in wrk["callisto"]:
        j = [x for x in wrk["jupyterhub"] if x["rep"] == r["rep"]]
        if j and j[0]["data"]["rps"]:
            paired.append(r["data"]["rps"] / j[0]["data"]["rps"])
    ratio = rps["callisto"] / rps["jupyterhub"] if rps["jupyterhub"] else float("nan")
    failures = [r for r in wrk["callisto"] + wrk["jupyterhub"]
                if r["data"]["errors_status"] or r["data"]["errors_connect"] or r["data"]["errors_read"] or r["data"]["errors_timeout"]]
    failures += [r for r in pages["callisto"] + pages["jupyterhub"] if r["data"]["bad"]]

    def yes(ok):
        return "**yes**" if ok else "**no**"

    def ms(x):
        return "%.1f" % x

    user = meta["token_user"]
    lines = []
    out = lines.append
    out("| measurement | Callisto | JupyterHub 3.0 | Callisto / JupyterHub | goal | met |")
    out("|---|---:|---:|---:|---|---|")
    out("| `GET /hub/api/users/%s`, requests/s (median of %d runs) | %.0f | %.0f | %.2f× (paired runs: %s) | ≥ %g× JupyterHub | %s |" % (
        user, len(wrk["callisto"]), rps["callisto"], rps["jupyterhub"], ratio,
        ", ".join("%.2f×" % x for x in paired), goals["ratio"], yes(ratio >= goals["ratio"])))
    out("| same, p50 latency (ms, median of runs) | %s | %s | %.2f× | | |" % (ms(p50["callisto"]), ms(p50["jupyterhub"]), p50["callisto"] / p50["jupyterhub"]))
    out("| same, p99 latency (ms, median of runs) | %s | %s | %.2f× | ≤ %g ms | %s |" % (
        ms(p99["callisto"]), ms(p99["jupyterhub"]), p99["callisto"] / p99["jupyterhub"], goals["p99_ms"], yes(p99["callisto"] <= goals["p99_ms"])))
    out("| `GET /hub/api/users?limit=200&offset=…` over %d users, median (ms, %d requests) | %s | %s | %.2f× | ≤ %g ms | %s |" % (
        meta["users"], len(pooled["callisto"]), ms(page_med["callisto"]), ms(page_med["jupyterhub"]),
        page_med["callisto"] / page_med["jupyterhub"], goals["page_ms"], yes(page_med["callisto"] <= goals["page_ms"])))
    out("| same, p99 (ms) | %s | %s | %.2f× | (≤ %g ms) | %s |" % (
        ms(page_p99["callisto"]), ms(page_p99["jupyterhub"]), page_p99["callisto"] / page_p99["jupyterhub"], goals["page_ms"],
        yes(page_p99["callisto"] <= goals["page_ms"])))
    summary = "\n".join(lines)

    detail = ["| run | system | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors | page median ms | page p99 ms |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    for r in sorted(wrk["callisto"] + wrk["jupyterhub"], key=lambda r: (r["rep"], r["order"])):
        d = r["data"]
        p = [x for x in pages[r["system"]] if x["rep"] == r["rep"]]
        errors = "status %d, timeout %d, connect %d, read %d" % (d["errors_status"], d["errors_timeout"], d["errors_connect"], d["errors_read"])
        detail.append("| %d.%d | %s | %.0f | %s | %s | %s | %s | %d | %s | %s | %s |" % (
            r["rep"], r["order"], dict(systems)[r["system"]], d["rps"], ms(d["lat_p50_us"] / 1e3), ms(d["lat_p90_us"] / 1e3),
            ms(d["lat_p99_us"] / 1e3), ms(d["lat_max_us"] / 1e3), d["requests"], errors,
            ms(p[0]["data"]["median_ms"]) if p else "", ms(p[0]["data"]["p99_ms"]) if p else ""))

    cpu_rows = [r for r in rows if r["kind"] == "cpu"]
    cpu_lines = ["| CPU time per request (ms; median of runs) | hub | proxy | PostgreSQL | total | most requests/s this CPU allows on %d cores |" % os.cpu_count(),
                 "|---|---:|---:|---:|---:|---:|"]
    for phase, label in (("wrk", "`GET /hub/api/users/%s`" % user), ("pages", "200-user page")):
        for s, name in systems:
            per_run = []
            for c in [c for c in cpu_rows if c["system"] == s]:
                if phase == "wrk":
                    n = next(r["data"]["requests"] for r in wrk[s] if r["rep"] == c["rep"])
                else:
                    n = next(r["data"]["requests"] for r in pages[s] if r["rep"] == c["rep"])
                per_run.append(cpu_ms_per_request(c["data"][phase][0], c["data"][phase][1], n))
            if not per_run:
                continue
            groups = {g: median([run[g] for run in per_run]) for g in ("hub", "proxy", "db") if g in per_run[0]}
            total = median([sum(run.values()) for run in per_run])
            cpu_lines.append("| %s, %s | %.2f | %.2f | %s | %.2f | %.0f |" % (
                name, label, groups["hub"], groups["proxy"], "%.2f" % groups["db"] if "db" in groups else "—",
                total, os.cpu_count() * 1000 / total if total else float("nan")))

    setup_lines = []
    for r in setup:
        d = r["data"]
        rate = d["users"] / d["seconds"] if d["seconds"] else float("nan")
        setup_lines.append("- %s: %s — %d users in %.1f s (%.0f users/s)" % (dict(systems)[r["system"]], r["what"], d["users"], d["seconds"], rate))

    text = []
    text.append("# API benchmark: Callisto vs JupyterHub 3.0\n")
    text.append("Written by `bench/api/run.sh` on %s. Rerun it to replace this file.\n" % meta["date"])
    text.append("## Results\n")
    text.append(summary + "\n")
    if failures:
        text.append("**Warning:** %d measurement(s) had errors or non-2xx answers; see the per-run table.\n" % len(failures))
    text.append("Requests/s and latencies are medians over the %d runs; page latencies are pooled over all runs' requests "
                "(p99 is nearest-rank). The page goal is judged on the median; its p99 is shown against the same bound. "
                "Each system is measured through its own proxy (Callisto's proxy; configurable-http-proxy for JupyterHub).\n" % len(wrk["callisto"]))
    if cpu_rows:
        text.append("### CPU time per request\n")
        text.append("\n".join(cpu_lines) + "\n")
        text.append("CPU seconds (user + system, from /proc) each process used during the runs, divided by the requests "
                    "answered: the hub (Callisto's JVM; JupyterHub's Python process), the proxy (Callisto's proxy JVM; "
                    "configurable-http-proxy) and Callisto's embedded PostgreSQL (postmaster and backends). wrk's own CPU is "
                    "not counted. Less sensitive to the machine's other load than requests/s.\n")
    text.append("### Every run (alternating which system goes first)\n")
    text.append("\n".join(detail) + "\n")
    text.append("### Setup\n")
    text.append("\n".join(setup_lines) + "\n")
    for note in meta.get("notes", []):
        text.append("- " + note)
    text.append("")
    text.append("## Machine and versions\n")
    for k, v in meta["machine"].items():
        text.append("- %s: %s" % (k, v))
    text.append("")
    text.append("## Commands\n")
    text.append("```sh\n" + "\n".join(meta["commands"]) + "\n```\n")
    with open(out_path, "w") as f:
        f.write("\n".join(text))
    print(summary)
    if failures:
        print("WARNING: %d measurement(s) had errors or non-2xx answers" % len(failures))
    print("\n" + "\n".join(cpu_lines))
    print("\nper run:\n" + "\n".join(detail))


def main(argv):
    commands = {
        "ports": cmd_ports, "secret": cmd_secret, "create-users": cmd_create_users, "token": cmd_token,
        "seed-jupyterhub": cmd_seed_jupyterhub, "same-model": cmd_same_model, "pages": cmd_pages, "cpu": cmd_cpu,
        "latency": cmd_latency, "snapshot": cmd_snapshot, "jfr-summary": cmd_jfr_summary, "sql-log": cmd_sql_log, "meta": cmd_meta,
        "report": cmd_report,
    }
    if len(argv) < 2 or argv[1] not in commands:
        sys.exit(__doc__)
    commands[argv[1]](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
