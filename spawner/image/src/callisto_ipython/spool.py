"""Spool files: writes the hub has not taken yet, kept on disk until it does.

Each kernel appends to its own file, ``<spool dir>/<kernel key>.jsonl``: one JSON operation per line,
each line flushed and fsynced. A kernel holds an exclusive ``flock`` on its file while it lives, so a
file nobody holds belongs to a kernel that ended before it could send it: the next kernel of the user
claims it and sends it first. Operations are idempotent (history lines are keyed by session and line,
variable writes replace), so sending one twice after a crash does no harm.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

log = logging.getLogger("callisto_ipython")

Op = Dict[str, object]


class Segment:
    """One spool file, locked by this process; ``sent`` operations of it have reached the hub."""

    def __init__(self, path: Path, fd: int, own: bool):
        self.path = path
        self.fd = fd
        self.own = own
        self.sent = 0
        self.dirty = True

    def read(self) -> List[Op]:
        os.lseek(self.fd, 0, os.SEEK_SET)
        chunks = []
        while True:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        ops = []
        for raw in b"".join(chunks).split(b"\n"):
            if not raw.strip():
                continue
            try:
                ops.append(json.loads(raw))
            except ValueError:
                log.warning("Skipping a torn line in %s", self.path)
        return ops

    def append(self, ops: List[Op]) -> None:
        data = b"".join(json.dumps(op, separators=(",", ":")).encode("utf-8") + b"\n" for op in ops)
        os.lseek(self.fd, 0, os.SEEK_END)
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        os.fsync(self.fd)
        self.dirty = True

    def empty(self) -> bool:
        return os.fstat(self.fd).st_size == 0

    def clear(self) -> None:
        """Everything was sent: empty the own file; delete a claimed one."""
        if self.own:
            os.ftruncate(self.fd, 0)
            self.sent = 0
            self.dirty = False
        else:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            os.close(self.fd)

    def close(self) -> None:
        """Let go of the file; an empty own file is deleted."""
        try:
            if self.own and self.empty():
                self.path.unlink()
        except OSError:
            pass
        os.close(self.fd)


class Spool:
    """This kernel's spool file and the ones it claimed, oldest first; the own file is last."""

    def __init__(self, directory: Path, key: str):
        self.directory = directory
        self.key = key
        self._lock = threading.RLock()
        self._claimed: List[Segment] = []
        self._own: Optional[Segment] = None
        self._memory: List[Op] = []
        self.unwritable: Optional[str] = None

    def _open(self, path: Path, own: bool) -> Optional[Segment]:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return Segment(path, fd, own)

    def claim_orphans(self) -> int:
        """Claims the files of kernels that ended with writes unsent; how many."""
        with self._lock:
            try:
                paths = sorted(self.directory.glob("*.jsonl"), key=lambda p: p.stat().st_mtime)
            except OSError:
                return 0
            claimed = 0
            held = {s.path for s in self._claimed}
            for path in paths:
                if path.stem == self.key or path in held:
                    continue
                try:
                    segment = self._open(path, own=False)
                except OSError:
                    continue
                if segment is None:
                    continue
                if segment.empty():
                    segment.clear()
                    continue
                self._claimed.append(segment)
                claimed += 1
            return claimed

    def append(self, ops: List[Op]) -> None:
        if not ops:
            return
        with self._lock:
            if self._own is None and self.unwritable is None:
                try:
                    self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                    self._own = self._open(self.directory / (self.key + ".jsonl"), own=True)
                    if self._own is None:
                        raise OSError("the file is locked by another process")
                except OSError as e:
                    self.unwritable = f"{self.directory}: {e}"
                    log.warning("Cannot write the spool file in %s; unsent writes stay in memory", self.unwritable)
            if self._own is not None:
                try:
                    self._own.append(ops)
                    return
                except OSError as e:
                    log.warning("Cannot append to %s (%s); unsent writes stay in memory", self._own.path, e)
            self._memory.extend(ops)

    def has_data(self) -> bool:
        with self._lock:
            return bool(self._claimed or self._memory or (self._own is not None and self._own.dirty and not self._own.empty()))

    def drain(self, send: Callable[[List[Op]], int]) -> None:
        """Sends everything in order. ``send`` takes the next operations, returns how many it took
        (at least one), and raises when the hub cannot take them; what was sent is remembered. No lock
        is held while sending, so appends (from a kernel closing down) never wait on the network."""
        with self._lock:
            segments = list(self._claimed) + ([self._own] if self._own is not None else [])
        for segment in segments:
            with self._lock:
                ops = segment.read()
            _send_all(ops, segment, send)
            with self._lock:
                if segment.own and len(segment.read()) > len(ops):
                    continue  # appended meanwhile: the next drain sends the rest
                segment.clear()
                if not segment.own:
                    self._claimed.remove(segment)
        while True:
            with self._lock:
                if not self._memory:
                    return
                ops = list(self._memory)
            taken = send(ops)
            with self._lock:
                del self._memory[:taken]

    def close(self) -> None:
        with self._lock:
            for segment in self._claimed:
                segment.close()
            self._claimed = []
            if self._own is not None:
                self._own.close()
                self._own = None


def _send_all(ops: List[Op], segment: Segment, send: Callable[[List[Op]], int]) -> None:
    while segment.sent < len(ops):
        segment.sent += send(ops[segment.sent:])


def iter_lines(path: Path) -> Iterator[Op]:
    """The operations in a spool file (for tools and tests)."""
    with open(path, "rb") as f:
        for raw in f:
            if raw.strip():
                yield json.loads(raw)
