"""The spool on its own: order, locks, claims, torn lines."""

import json

import pytest

from callisto_ipython.spool import Spool


def test_a_live_kernels_file_is_never_claimed_and_a_dead_ones_is_sent_first_in_order(tmp_path):
    dead = Spool(tmp_path, "dead")
    dead.append([{"op": "put", "name": "x", "n": 1}, {"op": "put", "name": "x", "n": 2}])
    live = Spool(tmp_path, "live")
    live.append([{"op": "delete", "name": "y"}])
    newcomer = Spool(tmp_path, "new")
    assert newcomer.claim_orphans() == 0, "both files are locked by their (live) spools"

    dead.close()
    assert newcomer.claim_orphans() == 1
    newcomer.append([{"op": "put", "name": "x", "n": 3}])
    sent = []

    def send(ops):
        sent.append(ops[0]["n"])
        return 1

    newcomer.drain(send)
    assert sent == [1, 2, 3]
    assert not (tmp_path / "dead.jsonl").exists()
    assert not newcomer.has_data()
    assert (tmp_path / "live.jsonl").stat().st_size > 0
    newcomer.close()
    assert not (tmp_path / "new.jsonl").exists(), "an emptied own file goes when its kernel does"


def test_a_failed_drain_resends_nothing_that_was_taken(tmp_path):
    spool = Spool(tmp_path, "k")
    spool.append([{"op": "put", "name": "a", "n": n} for n in range(5)])
    sent = []

    def flaky(ops):
        if len(sent) == 2:
            raise ConnectionError("hub down")
        sent.append(ops[0]["n"])
        return 1

    with pytest.raises(ConnectionError):
        spool.drain(flaky)
    assert spool.has_data()
    spool.drain(lambda ops: sent.append(ops[0]["n"]) or 1)
    assert sent == [0, 1, 2, 3, 4]
    assert not spool.has_data()


def test_a_torn_last_line_is_skipped(tmp_path):
    (tmp_path / "old.jsonl").write_bytes(json.dumps({"op": "delete", "name": "z"}).encode() + b"\n{\"op\": \"pu")
    spool = Spool(tmp_path, "k")
    assert spool.claim_orphans() == 1
    sent = []
    spool.drain(lambda ops: sent.append(ops[0]) or 1)
    assert sent == [{"op": "delete", "name": "z"}]


def test_an_unwritable_directory_keeps_writes_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    spool = Spool(blocker / "spool", "k")
    spool.append([{"op": "delete", "name": "a"}])
    assert spool.unwritable and spool.has_data()
    sent = []
    spool.drain(lambda ops: sent.append(ops[0]["name"]) or 1)
    assert sent == ["a"] and not spool.has_data()
