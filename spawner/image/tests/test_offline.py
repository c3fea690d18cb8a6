"""Cells never wait on the hub, and nothing written while it is away is lost."""

import json
import time
from pathlib import Path

from conftest import wait_until


def spooled(home: Path) -> int:
    spool = home / ".local" / "share" / "callisto" / "ipython-spool"
    return sum(1 for f in spool.glob("*.jsonl") for line in f.read_text().splitlines() if line.strip())


def test_every_line_arrives_after_the_hub_is_killed_and_restarted(person, kernels, hub):
    gil = person("gil")
    kernel = kernels(gil.kernel_env())
    for i in range(1, 11):
        kernel.ok(f"v{i} = {i}")
    wait_until(lambda: len(gil.lines(1)) == 10, 10, "the first ten lines on the hub")

    hub.kill()
    try:
        slowest = 0.0
        for i in range(11, 41):
            slowest = max(slowest, kernel.ok(f"v{i} = {i}").seconds)
        kernel.ok("kept = [v1, v40]")
        kernel.ok("%store kept")
        assert slowest < 1.0, f"a cell waited {slowest:.2f}s on the unreachable hub"
        wait_until(lambda: spooled(gil.home) > 0, 10, "writes in the spool file")
        # The current session is in memory: its history works without the hub.
        assert kernel.ok("%history -n 40").stdout == "  40: v40 = 40\n"
    finally:
        hub.start()

    wait_until(lambda: len(gil.lines(1)) == 43, 60, "all 43 lines on the restarted hub", interval=0.5)
    assert gil.lines(1) == [f"v{i} = {i}" for i in range(1, 41)] + ["kept = [v1, v40]", "%store kept", "%history -n 40"]
    assert gil.variables() == ["kept"]
    wait_until(lambda: spooled(gil.home) == 0, 10, "the spool emptied")
    kernel.ok("after = 1")
    wait_until(lambda: gil.lines(1)[-1:] == ["after = 1"], 10, "a line written after the restart")


def test_writes_a_kernel_could_never_send_are_sent_by_the_next_kernel(person, kernels, hub):
    hana = person("hana")
    lost = kernels(hana.kernel_env(JUPYTERHUB_API_URL="http://127.0.0.1:9/hub/api"))
    lost.ok("offline = 'still here'")
    lost.ok("%store offline")
    started = time.monotonic()
    lost.shutdown()
    assert time.monotonic() - started < 10
    assert spooled(hana.home) >= 2
    assert hana.sessions() == []

    kernel = kernels(hana.kernel_env())
    assert kernel.ok("offline").result == "'still here'", "restored from what the first kernel spooled"
    sessions = {s["session"]: s for s in hana.sessions()}
    assert hana.lines(1) == ["offline = 'still here'", "%store offline"]
    assert sessions[1]["end"] is not None
    assert kernel.ok("get_ipython().history_manager.session_number").result == "2"
    assert spooled(hana.home) == 0
    spool_files = list((hana.home / ".local/share/callisto/ipython-spool").glob("*.jsonl"))
    assert spool_files == [], [json.loads(line) for f in spool_files for line in f.read_text().splitlines()]
