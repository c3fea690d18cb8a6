"""The background thread that sends writes to the hub.

The kernel's main thread only appends small events to a list (a few microseconds per cell); this thread
turns them into requests: history batches per session (``POST .../ipython/history``) and variable writes
and deletions in the order they were made. It sends at most every ``interval`` seconds, at once for
variable writes and session boundaries. When the hub cannot be reached, what was not taken goes to the
spool (see :mod:`.spool`), later writes queue behind it in order, and the thread tries again with a
growing pause, until the hub takes everything.

The hub refusing an operation for good (400, or 413 for a limit) is not retried: the operation is
dropped and a notice tells the person, as it would had the hub answered at once.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from typing import Callable, Deque, Dict, List, Optional

from .client import HubClient, HubError, Unreachable
from .spool import Op, Spool

log = logging.getLogger("callisto_ipython")

MAX_BATCH_ENTRIES = 1000
MAX_BATCH_BYTES = 2 << 20


class Writer:
    def __init__(self, client: HubClient, spool: Spool, interval: float = 0.25, max_backoff: float = 5.0,
                 on_session_number: Optional[Callable[[str, int], None]] = None):
        self.client = client
        self.spool = spool
        self.interval = interval
        self.max_backoff = max_backoff
        self.on_session_number = on_session_number
        self.notices: Deque[str] = collections.deque(maxlen=20)
        self._events: List[tuple] = []
        self._sessions: Dict[str, Dict[str, object]] = {}
        self._cond = threading.Condition()
        self._urgent = False
        self._stopping = False
        self._requested = 0
        self._done = 0
        self._backoff = 0.0
        self._retry_at = 0.0
        self._refused_notified = set()
        self._thread = threading.Thread(target=self._run, name="callisto-ipython-writer", daemon=True)

    # -- called from the kernel's thread ----------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def session(self, key: str, start: str, server: str, announce: bool = True) -> None:
        """A new session; its batches carry what the hub needs to create it. ``announce``: tell the hub
        now (false when the hub was told already)."""
        with self._cond:
            self._sessions[key] = {"start": start, "server": server}
            if announce:
                self._events.append(("session", key))
                self._urgent = True
                self._cond.notify()

    def input(self, key: str, line: int, source: str, source_raw: str) -> None:
        self._add(("input", key, line, source, source_raw))

    def output(self, key: str, line: int, text: str) -> None:
        self._add(("output", key, line, text))

    def _add(self, event: tuple) -> None:
        with self._cond:
            self._events.append(event)
            if len(self._events) == 1 or len(self._events) >= MAX_BATCH_ENTRIES:
                self._cond.notify()  # starts the thread's batching pause, or ends it when the batch is full

    def end(self, key: str, end: str, num_cmds: int) -> None:
        self._add_urgent(("end", key, end, num_cmds))

    def remark(self, key: str, remark: str) -> None:
        self._add_urgent(("remark", key, remark))

    def put(self, name: str, type_name: str, value_b64: str) -> None:
        self._add_urgent(("put", name, type_name, value_b64))

    def delete(self, name: str) -> None:
        self._add_urgent(("delete", name))

    def _add_urgent(self, event: tuple) -> None:
        with self._cond:
            self._events.append(event)
            self._urgent = True
            self._cond.notify()

    def flush(self, timeout: float) -> bool:
        """Asks for everything to be sent now and waits up to ``timeout`` seconds for one attempt to finish.
        True when nothing is left unsent."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._requested += 1
            wanted = self._requested
            self._retry_at = 0.0
            self._cond.notify()
            while self._done < wanted and self._thread.is_alive():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return not self._events and not self.spool.has_data()

    def close(self, timeout: float) -> bool:
        """Sends what it can within ``timeout``, spools the rest and stops the thread."""
        sent = self.flush(timeout) if self._thread.is_alive() else False
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self._thread.join(max(0.5, min(timeout, 2.0)))
        with self._cond:
            leftover, self._events = self._events, []
        if leftover:
            self.spool.append(self._ops(leftover))
        self.spool.close()
        self.client.close()
        return sent and not leftover

    def pending(self) -> bool:
        with self._cond:
            return bool(self._events) or self.spool.has_data()

    # -- the thread -------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopping:
                        return
                    if self._done < self._requested:
                        break
                    if self._events and (self._urgent or len(self._events) >= MAX_BATCH_ENTRIES):
                        break
                    if self._events:
                        wait = self.interval
                    elif self.spool.has_data():
                        wait = max(0.0, self._retry_at - time.monotonic())
                    else:
                        wait = None
                    if not self._cond.wait(wait):
                        break
                events, self._events = self._events, []
                self._urgent = False
                wanted = self._requested
            ops = self._ops(events)
            try:
                self._cycle(ops)
            except Exception:  # never let the thread die: a dead writer would lose everything after
                log.exception("Callisto IPython writer failed; its unsent writes go to the spool")
                try:
                    self.spool.append(ops)
                except Exception:
                    log.exception("Callisto IPython writer could not spool %d writes", len(ops))
            with self._cond:
                self._done = max(self._done, wanted)
                self._cond.notify_all()

    def _cycle(self, ops: List[Op]) -> None:
        """Sends ``ops`` (behind what the spool holds), or spools them; ``ops`` is emptied either way."""
        if self.spool.has_data() or time.monotonic() < self._retry_at:
            self.spool.append(ops)
            ops.clear()
        if time.monotonic() < self._retry_at:
            return
        try:
            if self.spool.has_data():
                self.spool.drain(self._send)
            while ops:
                del ops[:self._send(ops)]
            self._backoff = 0.0
        except Unreachable as e:
            self.spool.append(ops)
            ops.clear()
            self._backoff = min(self.max_backoff, max(0.5, self._backoff * 2))
            self._retry_at = time.monotonic() + self._backoff
            log.info("The hub is unreachable (%s); writes are spooled, next try in %.1fs", e, self._backoff)

    def _send(self, ops: List[Op]) -> int:
        """Sends the first operation (merging the history batches of one session that follow it); how many it took."""
        first = ops[0]
        taken = 1
        try:
            if first["op"] == "history":
                batch = dict(first)
                batch.pop("op")
                batch["inputs"] = list(batch.get("inputs", ()))
                batch["outputs"] = list(batch.get("outputs", ()))
                size = _size(batch)
                while taken < len(ops) and ops[taken]["op"] == "history" and ops[taken]["session"] == first["session"]:
                    more = ops[taken]
                    grown = len(batch["inputs"]) + len(batch["outputs"]) + len(more.get("inputs", ())) + len(more.get("outputs", ()))
                    if grown > MAX_BATCH_ENTRIES or size + _size(more) > MAX_BATCH_BYTES:
                        break
                    batch["inputs"].extend(more.get("inputs", ()))
                    batch["outputs"].extend(more.get("outputs", ()))
                    for field in ("end", "num_cmds", "remark"):
                        if field in more:
                            batch[field] = more[field]
                    size += _size(more)
                    taken += 1
                answer = self.client.append(batch)
                if self.on_session_number and answer and "session" in answer:
                    self.on_session_number(first["session"], int(answer["session"]))
            elif first["op"] == "put":
                self.client.put_variable(first["name"], first["type"], first["value"])
            elif first["op"] == "delete":
                try:
                    self.client.delete_variable(first["name"])
                except HubError as e:
                    if e.status != 404:
                        raise
            else:
                log.warning("Dropping an unknown spooled operation %r", first.get("op"))
        except HubError as e:
            if e.status in (401, 403, 404):
                # A token the hub does not (or no longer) accept: keep it for a kernel with a valid one.
                raise Unreachable(str(e)) from e
            self._refused(first, e)
        return taken

    def _refused(self, op: Op, error: HubError) -> None:
        what = {"history": "history lines", "put": f"%store of '{op.get('name')}'",
                "delete": f"%store -d of '{op.get('name')}'"}.get(str(op["op"]), "a write")
        message = f"Callisto: the hub refused {what}: {error.message}"
        log.warning(message)
        kind = (op["op"], error.status)
        if op["op"] != "history" or kind not in self._refused_notified:
            self._refused_notified.add(kind)
            self.notices.append(message)

    def _ops(self, events: List[tuple]) -> List[Op]:
        """Events to operations: one history batch per session (in the order sessions first appear),
        variable writes in order."""
        ops: List[Op] = []
        batches: Dict[str, Op] = {}
        for event in events:
            kind = event[0]
            if kind in ("put", "delete"):
                op = {"op": kind, "name": event[1]}
                if kind == "put":
                    op["type"] = event[2]
                    op["value"] = event[3]
                ops.append(op)
                continue
            key = event[1]
            batch = batches.get(key)
            if batch is None:
                batch = {"op": "history", "session": key}
                batch.update(self._sessions.get(key, {}))
                batches[key] = batch
                ops.append(batch)
            if kind == "input":
                entry = {"line": event[2], "source": event[3]}
                if event[4] != event[3]:
                    entry["source_raw"] = event[4]
                batch.setdefault("inputs", []).append(entry)
            elif kind == "output":
                batch.setdefault("outputs", []).append({"line": event[2], "text": event[3]})
            elif kind == "end":
                batch["end"] = event[2]
                batch["num_cmds"] = event[3]
            elif kind == "remark":
                batch["remark"] = event[2]
        return ops


def _size(batch: Op) -> int:
    total = 0
    for entry in batch.get("inputs", ()):
        total += len(entry["source"]) + len(entry.get("source_raw", "")) + 40
    for entry in batch.get("outputs", ()):
        total += len(entry["text"]) + 30
    return total
