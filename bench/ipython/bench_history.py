#!/usr/bin/env python3
"""Per-cell cost of Callisto's hub-backed IPython history, next to IPython's own SQLite history.

Starts the packaged hub (hub/target/quarkus-app/quarkus-run.jar, with its embedded PostgreSQL) and three
kernels from Callisto's kernelspec, then runs the same cells in all three, one cell in each in turn:

  memory    IPython with ``HistoryManager.hist_file=:memory:``: nothing kept; the baseline
  sqlite    IPython's own history.sqlite, on local disk (a temporary directory)
  callisto  the Callisto extension, writing to the hub

Every cell is ``v = <i> * 2`` followed by ``v``, so each one stores an input and an output. Per cell:
the time in the kernel, from ``pre_run_cell`` to ``post_run_cell`` (everything IPython does for the cell,
history included, plus whatever the writer thread takes from it); the CPU time of the whole kernel
process over that span (all threads: the writer thread's or SQLite's saving thread's work counts; the
machine's other load does not); and the round trip as a client sees it (execute request to reply).
Then, alone, IPython's two history calls per cell (``store_inputs``, ``store_output``) 1000 times.
"Added" is a configuration's percentile minus the baseline's.

    /usr/bin/python3 bench/ipython/bench_history.py [--cells 1000] [--warmup 50]

Needs the hub built (./mvnw -B -q -DskipTests install). Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "spawner" / "image" / "tests"))

from conftest import JAR, HubProcess, Kernel, wait_until  # noqa: E402

# What history costs a cell in the kernel's own thread, alone: IPython's two calls per cell, timed.
FOREGROUND = """
import time as __t
__hm = get_ipython().history_manager
__fg = []
for __n in range(1000000, 1000000 + {cells}):
    __s = __t.perf_counter_ns()
    __hm.store_inputs(__n, 'v = 1 * 2\\nv', 'v = 1 * 2\\nv')
    __hm.output_hist_reprs[__n] = '2'
    __hm.store_output(__n)
    __fg.append(__t.perf_counter_ns() - __s)
"""

SETUP = """
import time as __t
__bench = []
__cpu = []
def __pre(info=None):
    global __start, __start_cpu
    __start_cpu = __t.process_time_ns()
    __start = __t.perf_counter_ns()
def __post(result=None):
    __bench.append(__t.perf_counter_ns() - __start)
    __cpu.append(__t.process_time_ns() - __start_cpu)
get_ipython().events.register('pre_run_cell', __pre)
get_ipython().events.register('post_run_cell', __post)
"""


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(values_ms):
    return {"p50": percentile(values_ms, 50), "p90": percentile(values_ms, 90), "p99": percentile(values_ms, 99),
            "max": max(values_ms), "mean": statistics.fmean(values_ms)}


def silent(kernel, code):
    msg_id = kernel.client.execute(code, silent=True, store_history=False, user_expressions={"out": "__bench_out"})
    while True:
        reply = kernel.client.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def fetch(kernel, name):
    """A list of nanosecond counts kept in the kernel, in milliseconds."""
    reply = silent(kernel, f"__bench_out = ','.join(map(str, {name}))")
    return [int(v) / 1e6 for v in reply["user_expressions"]["out"]["data"]["text/plain"].strip("'").split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()
    if not JAR.is_file():
        sys.exit(f"{JAR} is missing: build it with ./mvnw -B -q -DskipTests install")

    work = Path(tempfile.mkdtemp(prefix="callisto-bench-"))
    hub = HubProcess(work)
    hub.start()
    kernels = {}
    try:
        hub.api("POST", "/users/bench", {"password": "bench-password"})
        token = hub.api("POST", "/users/bench/tokens", {"scopes": ["ipython!user=bench"]})["token"]
        base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        homes = {name: work / name for name in ("memory", "sqlite", "callisto")}
        for home in homes.values():
            home.mkdir()
        envs = {
            "memory": dict(base, HOME=str(homes["memory"]), IPYTHONDIR=str(homes["memory"] / ".ipython")),
            "sqlite": dict(base, HOME=str(homes["sqlite"]), IPYTHONDIR=str(homes["sqlite"] / ".ipython")),
            "callisto": dict(base, HOME=str(homes["callisto"]), IPYTHONDIR=str(homes["callisto"] / ".ipython"),
                             JUPYTERHUB_API_URL=hub.api_url, JUPYTERHUB_API_TOKEN=token, JUPYTERHUB_USER="bench"),
        }
        # The baseline keeps nothing: the same kernel with an in-memory history database.
        profile = homes["memory"] / ".ipython" / "profile_default"
        profile.mkdir(parents=True)
        (profile / "ipython_kernel_config.py").write_text("c.HistoryManager.hist_file = ':memory:'\n")
        for name, env in envs.items():
            kernels[name] = Kernel(env, homes[name])
        assert kernels["memory"].ok("str(get_ipython().history_manager.hist_file)").result == "':memory:'"
        assert "HubHistoryManager" in kernels["callisto"].ok("type(get_ipython().history_manager).__name__").result
        assert kernels["sqlite"].ok("str(get_ipython().history_manager.hist_file)").result.endswith("history.sqlite'")
        for kernel in kernels.values():
            silent(kernel, SETUP)

        round_trip = {name: [] for name in kernels}
        total = args.warmup + args.cells
        for i in range(total):
            for name, kernel in kernels.items():
                started = time.perf_counter_ns()
                result = kernel.run(f"v = {i} * 2\nv")
                elapsed = time.perf_counter_ns() - started
                assert result.result == str(i * 2), result
                if i >= args.warmup:
                    round_trip[name].append(elapsed / 1e6)

        in_kernel, cpu = {}, {}
        for name, kernel in kernels.items():
            in_kernel[name] = fetch(kernel, "__bench")[args.warmup:]
            cpu[name] = fetch(kernel, "__cpu")[args.warmup:]
        # Every cell reached the hub.
        wait_until(lambda: hub.api("GET", "/users/bench/ipython/sessions/1", token=token)["inputs"] >= total, 60,
                   "every cell on the hub", interval=0.5)
        stored = hub.api("GET", "/users/bench/ipython/sessions/1", token=token)["inputs"]
        foreground = {}
        for name, kernel in kernels.items():
            silent(kernel, FOREGROUND.format(cells=args.cells))
            foreground[name] = fetch(kernel, "__fg")
    finally:
        for kernel in kernels.values():
            kernel.shutdown()
        hub.stop()

    report(args, in_kernel, cpu, round_trip, foreground, stored)


def report(args, in_kernel, cpu, round_trip, foreground, stored):
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    import IPython
    import ipykernel

    print(f"## Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print(f"{args.cells} measured cells per configuration (after {args.warmup} warm-up cells), interleaved. "
          f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, IPython {IPython.__version__}, "
          f"ipykernel {ipykernel.__version__}. Cells the hub stored for the Callisto kernel: {stored}.\n")
    load = open("/proc/loadavg").read().split()[:3]
    print(f"Load average at the end: {' '.join(load)}.\n")
    for title, data in (("In the kernel (pre_run_cell to post_run_cell)", in_kernel),
                        ("CPU time of the kernel process, all threads, over the same span", cpu),
                        ("Round trip (execute request to reply, as a client sees it)", round_trip),
                        ("History's own calls alone (store_inputs + store_output, in the kernel's thread)", foreground)):
        base = summary(data["memory"])
        print(f"### {title}, milliseconds\n")
        print("| configuration | p50 | p90 | p99 | max | mean | added at p50 | added at p99 |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name in ("memory", "sqlite", "callisto"):
            s = summary(data[name])
            added = "" if name == "memory" else f"{s['p50'] - base['p50']:+.3f} | {s['p99'] - base['p99']:+.3f}"
            print(f"| {name} | {s['p50']:.3f} | {s['p90']:.3f} | {s['p99']:.3f} | {s['max']:.3f} | {s['mean']:.3f} | "
                  f"{added or '- | -'} |")
        print()


if __name__ == "__main__":
    main()
