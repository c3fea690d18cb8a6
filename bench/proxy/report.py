#!/usr/bin/python3
"""The report of bench/proxy/run.sh (standard library only).

  report.py RESULTS_JSONL[,MORE_JSONL...] OUT_MD --commands FILE --nginx-conf FILE --load-before L --load-after L
            --seconds N --chp-version V --proxy PATH --repo DIR --routes N --duration D --reps N --echoes N

Reads the raw results (one JSON object a line: system, rep, routes, kind, data), prints the table
of medians with the ratios Callisto/nginx and Callisto/CHP and the goals, and writes OUT_MD with
every run, the machine, the versions and the commands.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

SYSTEMS = ("direct", "nginx", "chp", "callisto")
NAMES = {"direct": "direct", "nginx": "nginx", "chp": "CHP", "callisto": "Callisto"}


def load(paths):
    """The rows of one or more result files (comma-separated); later files' runs are numbered on."""
    rows = []
    for path in paths.split(","):
        offset = max([r["rep"] for r in rows] + [0])
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    if r["rep"] > 0:
                        r["rep"] += offset
                    rows.append(r)
    return rows


def values(rows, system, kind, routes, key):
    return [r["data"][key] for r in rows
            if r["system"] == system and r["kind"] == kind and r["routes"] == routes and r["rep"] > 0]


def med(xs):
    return statistics.median(xs) if xs else None


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fmt(x, digits=0):
    if x is None:
        return ""
    return f"{x:,.{digits}f}"


def fmt_ratio(x):
    return "" if x is None else f"{x:.2f}×"


def yes(ok):
    return "" if ok is None else ("yes" if ok else "**no**")


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except Exception as e:  # a missing tool is reported, not fatal
        return f"unknown ({e})"


def build(rows, a):
    n = a.routes
    m = {}  # medians: (system, what) -> value
    for s in SYSTEMS:
        for routes in (1, n):
            m[s, "rps", routes] = med(values(rows, s, "wrk", routes, "rps"))
            m[s, "mean", routes] = med([v / 1e3 for v in values(rows, s, "wrk", routes, "mean_us")])
            m[s, "p50", routes] = med([v / 1e3 for v in values(rows, s, "wrk", routes, "p50_us")])
            m[s, "p99", routes] = med([v / 1e3 for v in values(rows, s, "wrk", routes, "p99_us")])
        m[s, "ws"] = med(values(rows, s, "ws", 1, "median_us"))
        m[s, "ws_mean"] = med(values(rows, s, "ws", 1, "mean_us"))
        m[s, "ws_p99"] = med(values(rows, s, "ws", 1, "p99_us"))
        m[s, "post"] = med(values(rows, s, "routes-POST", n, "per_second"))
        rss = [r["data"] for r in rows if r["system"] == s and r["kind"] == "rss"]
        m[s, "rss"] = med([x["rss_kib"] / 1024 for x in rss])
        m[s, "hwm"] = med([x["hwm_kib"] / 1024 for x in rss])
    # websocket latency each proxy adds: per run, proxied median minus direct median; then the median
    for s in SYSTEMS[1:]:
        added = []
        for rep in sorted({r["rep"] for r in rows if r["rep"] > 0}):
            d = [r["data"]["median_us"] for r in rows if r["system"] == "direct" and r["kind"] == "ws" and r["rep"] == rep]
            p = [r["data"]["median_us"] for r in rows if r["system"] == s and r["kind"] == "ws" and r["rep"] == rep]
            if d and p:
                added.append(p[0] - d[0])
        m[s, "ws_added"] = med(added)
        m[s, "keep", n] = ratio(m[s, "rps", n], m[s, "rps", 1])
    nginx_restart = med([r["data"]["seconds"] for r in rows if r["system"] == "nginx" and r["kind"] == "restart"])

    def row(label, key, digits, goal="", met=None, cells=None):
        cells = cells or [m.get((s,) + key) for s in SYSTEMS]
        cal, ngx, chp = cells[3], cells[1], cells[2]
        return [label] + [fmt(c, digits) if not isinstance(c, str) else c for c in cells] + \
            [fmt_ratio(ratio(cal, ngx)) if not isinstance(ngx, str) else "",
             fmt_ratio(ratio(cal, chp)) if not isinstance(chp, str) else "", goal, yes(met)]

    c = lambda *k: m.get(k)  # noqa: E731
    rps_ok = None if c("callisto", "rps", 1) is None else (
        c("callisto", "rps", 1) >= 0.7 * c("nginx", "rps", 1) and c("callisto", "rps", 1) >= 8 * c("chp", "rps", 1))
    table = [
        row("requests/s, 1 route", ("rps", 1), 0, "≥ 0.7× nginx and ≥ 8× CHP", rps_ok),
        row("mean latency (ms), 1 route", ("mean", 1), 2),
        row("p50 latency (ms), 1 route", ("p50", 1), 2),
        row("p99 latency (ms), 1 route", ("p99", 1), 2, "≤ 2× nginx",
            None if c("callisto", "p99", 1) is None else c("callisto", "p99", 1) <= 2 * c("nginx", "p99", 1)),
        row(f"requests/s, {n:,} routes", ("rps", n), 0),
        row(f"p99 latency (ms), {n:,} routes", ("p99", n), 2),
        row(f"requests/s with {n:,} routes / with 1", None, 2, "Callisto ≥ 0.90",
            None if c("callisto", "keep", n) is None else c("callisto", "keep", n) >= 0.9,
            cells=["", c("nginx", "keep", n), c("chp", "keep", n), c("callisto", "keep", n)]),
        row(f"routes added through the API, routes/s ({n:,}, {a.route_connections} connections)", None, 0,
            "≥ 20,000", None if c("callisto", "post") is None else c("callisto", "post") >= 20000,
            cells=["", f"(config, restart {nginx_restart:.2f} s)" if nginx_restart else "",
                   c("chp", "post"), c("callisto", "post")]),
        row(f"websocket round trip, median (µs, {a.echoes:,} sequential echoes)", ("ws",), 1),
        row("websocket round trip, p99 (µs)", ("ws_p99",), 0),
        row("websocket latency added over direct (µs)", None, 1, "≤ 2× nginx's",
            None if c("callisto", "ws_added") is None else c("callisto", "ws_added") <= 2 * max(c("nginx", "ws_added"), 1.0),
            cells=["", c("nginx", "ws_added"), c("chp", "ws_added"), c("callisto", "ws_added")]),
        row("resident memory after the runs and 5 s idle (MiB)", ("rss",), 1, "≤ 100 MiB",
            None if c("callisto", "rss") is None else c("callisto", "rss") <= 100),
        row("peak resident memory (MiB)", ("hwm",), 1),
    ]
    return table, m


def markdown_table(header, rows, align):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return "\n".join(out)


def runs_table(rows, routes):
    out = []
    for r in sorted(rows, key=lambda r: (r["rep"], r["kind"] != "wrk", r["routes"], SYSTEMS.index(r["system"]))):
        d = r["data"]
        if r["rep"] == 0:
            continue
        if r["kind"] == "wrk":
            out.append([r["rep"], NAMES[r["system"]], f"wrk, {r['routes']:,} route(s)",
                        f"{d['rps']:,.0f} req/s; mean {d['mean_us'] / 1e3:.2f} ms, p50 {d['p50_us'] / 1e3:.2f} ms, "
                        f"p99 {d['p99_us'] / 1e3:.2f} ms, max {d['max_us'] / 1e3:.1f} ms"])
        elif r["kind"] == "ws":
            out.append([r["rep"], NAMES[r["system"]], "websocket echoes",
                        f"median {d['median_us']:.1f} µs, mean {d['mean_us']:.1f} µs, p99 {d['p99_us']} µs, "
                        f"max {d['max_us']} µs"])
        elif r["kind"] == "routes-POST":
            out.append([r["rep"], NAMES[r["system"]], f"POST {d['routes']:,} routes",
                        f"{d['seconds']:.2f} s, {d['per_second']:,.0f} routes/s"])
        elif r["kind"] == "restart":
            out.append([r["rep"], NAMES[r["system"]], f"restart with {routes:,} locations", f"{d['seconds']:.2f} s"])
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("jsonl")
    p.add_argument("out")
    for opt in ("commands", "nginx-conf", "load-before", "load-after", "seconds", "chp-version", "proxy",
                "repo", "duration", "reps"):
        p.add_argument("--" + opt, required=True)
    p.add_argument("--routes", type=int, required=True)
    p.add_argument("--echoes", type=int, required=True)
    p.add_argument("--route-connections", type=int, default=int(os.environ.get("BENCH_ROUTE_CONNECTIONS", "16")))
    a = p.parse_args()
    rows = load(a.jsonl)
    a.reps = len({r["rep"] for r in rows if r["rep"] > 0})
    a.sessions = len(a.jsonl.split(","))
    table, _ = build(rows, a)
    header = ["measurement (median of runs)", "direct", "nginx", "CHP", "Callisto",
              "Callisto / nginx", "Callisto / CHP", "goal", "met"]
    align = ["---"] + ["---:"] * 6 + ["---", "---"]
    summary = markdown_table(header, table, align)
    print(summary)

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = "unknown"
    with open("/proc/meminfo") as f:
        kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    mem = f"{kib / 1024 / 1024:.1f} GiB"
    with open(a.commands) as f:
        commands = f.read().rstrip()
    with open(a.nginx_conf) as f:
        nginx_conf = f.read().rstrip()
    try:
        commit = subprocess.run(["git", "-C", a.repo, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip() or "unknown"
        dirty = subprocess.run(["git", "-C", a.repo, "status", "--porcelain", "proxy"], capture_output=True,
                               text=True).stdout.strip()
        commit += " (proxy/ with uncommitted changes)" if dirty else ""
    except OSError:
        commit = "unknown"
    env = os.environ.get
    warmup = (f"wrk for {env('BENCH_WARMUP', '30s')}, {int(env('BENCH_WS_WARMUP', '20000')):,} websocket echoes, "
              f"{env('BENCH_ROUTE_WARMUPS', '5')} times {a.routes:,} routes added and deleted")
    goals = []
    for r in table:
        if r[-2]:
            verdict = {"yes": "met", "**no**": "**not met**"}.get(r[-1], "not measured")
            goals.append(f"- {r[0]}: goal {r[-2]}; Callisto {r[4]} (nginx {r[2] or '–'}, CHP {r[3] or '–'}): {verdict}")
    goals = "\n".join(goals)
    runs = markdown_table(["run", "system", "measurement", "result"], runs_table(rows, a.routes),
                          ["---:", "---", "---", "---"])
    md = f"""# Proxy benchmark: Callisto's proxy, nginx, configurable-http-proxy

Written by `bench/proxy/run.sh` on {now}. Rerun it to replace this file.

## Results

{summary}

Every number is the median over {a.reps} runs (in {a.sessions} session(s) of `run.sh`, each
starting every proxy afresh; memory is the median over the sessions); the systems were measured interleaved, in an order
that rotates every run. Before the first run every proxy was warmed up alike ({warmup}), so that
the JIT compilers of the JVM (Callisto) and of V8 (CHP) have compiled their hot paths: the numbers
are those of long-running proxies. "direct" is wrk against the backend itself. Ratios are Callisto's median
over the other's (for latencies and memory, lower is better). The websocket latency a proxy adds is,
per run, its median round trip minus the direct median round trip of the same run. nginx gets its
routes from a configuration file (one `location` per route) and is restarted to change them, so it
has no registration rate. The machine is shared and noisy (load average {a.load_before} before the
run, {a.load_after} after it): single runs vary by ±20 %; compare the medians.

### Goals in this run

{goals}

### Every run

{runs}

## Machine and versions

- date: {now}; the whole run took {a.seconds} s
- machine: {platform.node()}, {os.cpu_count()} CPUs ({cpu}), {mem} memory, {platform.system()} {platform.release()}
- load average (1, 5, 15 min): {a.load_before} before, {a.load_after} after
- Callisto proxy: `{os.path.relpath(a.proxy, a.repo) if a.proxy.startswith(a.repo) else a.proxy}`, commit {commit}; {version(["java", "-version"])}
- nginx: {version(["/usr/sbin/nginx", "-v"])}
- configurable-http-proxy {a.chp_version} (npm), node {version(["node", "--version"])}
- wrk: {version(["/usr/bin/wrk", "--version"])}

## Commands

```sh
{commands}
```

The backend is nginx (2 workers) answering `200` with an 82-byte JSON body from memory; the
websocket echo server is `BenchTool echo-server` (blocking sockets, a thread per connection).
nginx as proxy, with one route:

```nginx
{nginx_conf}
```
"""
    with open(a.out, "w") as f:
        f.write(md)


if __name__ == "__main__":
    sys.exit(main())
