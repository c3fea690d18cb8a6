"""A history manager whose store is the hub.

IPython's own :class:`~IPython.core.history.HistoryManager` keeps the current session in memory
(``_ih``, ``_oh``, ``Out``, ``_i1``...) and every session in SQLite. This subclass keeps the first part
as it is and replaces the SQLite part: inputs and outputs are queued for the hub's writer thread, and
questions about other sessions (``%history -g``, ``~1/`` ranges, ``%rerun -g``, a console's arrow keys)
are answered by the hub. The current session is always answered from memory, so ``%rerun``,
``%recall 3`` and ``%macro m 1-4`` need no network at all.

Sessions are numbered by the hub, per user, so numbering carries on across kernels, servers and pods.
A session started while the hub cannot be reached takes the next number this kernel expects, and the
number the hub gives it once it hears of it.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import sys
import uuid
from typing import TYPE_CHECKING, Any, List, Optional, Tuple

from IPython.core.history import DummyDB, HistoryManager

from .client import HubError, Unreachable

if TYPE_CHECKING:  # pragma: no cover
    from .extension import Hub

TRUNCATION = "\n# [Callisto: truncated from {size} bytes to the hub's limit of {limit} bytes]"


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_time(iso: Optional[str]) -> Optional[_dt.datetime]:
    """An ISO 8601 UTC timestamp from the hub as the naive local time SQLite history gave."""
    if not iso:
        return None
    text = iso.rstrip("Z")
    if "." in text:
        head, fraction = text.split(".", 1)
        text = head + "." + (fraction + "000000")[:6]
    moment = _dt.datetime.fromisoformat(text).replace(tzinfo=_dt.timezone.utc)
    return moment.astimezone().replace(tzinfo=None)


class HubHistoryManager(HistoryManager):
    """IPython's history manager, with the hub in place of ``history.sqlite``."""

    def __init__(self, shell=None, hub: "Hub" = None, **traits):
        self._hub = hub
        self._session_key: Optional[str] = None
        self._session_started: Optional[_dt.datetime] = None
        self._remark = ""
        self._last_number = hub.last_session
        self._register_now = True
        traits.setdefault("hist_file", ":memory:")
        super().__init__(shell=shell, **traits)

    # -- no SQLite --------------------------------------------------------------------------------
    def init_db(self):
        self.db = DummyDB()

    def writeout_cache(self, conn=None):
        """Nothing to write here: the writer thread sends inputs as they come."""

    # -- sessions ---------------------------------------------------------------------------------
    def new_session(self, conn=None):
        key = uuid.uuid4().hex
        start = utc_now()
        self._session_key = key
        self._session_started = _dt.datetime.now()
        self._remark = ""
        self.session_number = self._last_number + 1
        registered = False
        if self._register_now:
            # At kernel start-up, ask for the number at once (the first prompt shows it nowhere, but
            # `%history ~1/` should mean the previous kernel's session from the first cell on).
            self._register_now = False
            try:
                answer = self._hub.client.append({"session": key, "start": start, "server": self._hub.settings.server},
                                                 timeout=self._hub.startup_timeout)
                self.on_session_number(key, int(answer["session"]))
                registered = True
            except (Unreachable, HubError, KeyError, TypeError, ValueError):
                pass
        self._hub.writer.session(key, start, self._hub.settings.server, announce=not registered)

    def on_session_number(self, key: str, number: int) -> None:
        """The hub's number for a session (called from the writer thread too)."""
        self._last_number = max(self._last_number, number)
        if key == self._session_key:
            self.session_number = number

    def end_session(self):
        if self._session_key is None:
            return
        self._hub.writer.end(self._session_key, utc_now(), len(self.input_hist_parsed) - 1)
        self._session_key = None
        self.session_number = 0

    def name_session(self, name):
        self._remark = name
        if self._session_key is not None:
            self._hub.writer.remark(self._session_key, name)

    # -- storing ----------------------------------------------------------------------------------
    def store_inputs(self, line_num, source, source_raw=None):
        super().store_inputs(line_num, source, source_raw)
        with self.db_input_cache_lock:
            cached = list(self.db_input_cache)
            del self.db_input_cache[:]
        if self._session_key is None:
            return
        for line, parsed, raw in cached:
            self._hub.writer.input(self._session_key, line, self._fit(parsed, line), self._fit(raw, line))

    def store_output(self, line_num):
        text = self.output_hist_reprs.get(line_num)
        if text is None or self._session_key is None:
            return
        self._hub.writer.output(self._session_key, line_num, self._fit(str(text), line_num))

    def _fit(self, text: str, line: int) -> str:
        """The text, cut to the hub's per-cell limit (a cell past it would be refused as a whole)."""
        limit = self._hub.max_cell_size
        if len(text) * 4 <= limit:
            return text
        data = text.encode("utf-8")
        if len(data) <= limit:
            return text
        note = TRUNCATION.format(size=len(data), limit=limit)
        cut = data[: max(0, limit - len(note.encode("utf-8")))].decode("utf-8", "ignore") + note
        self._hub.notice(f"Callisto: line {line} is {len(data)} bytes; the hub keeps cells up to {limit} bytes, "
                         "so its history entry was cut")
        return cut

    # -- reading ----------------------------------------------------------------------------------
    def get_session_info(self, session=0):
        if session <= 0:
            session += self.session_number
        if session == self.session_number and self._session_key is not None:
            return (session, self._session_started, None, None, self._remark)
        info = self._hub.read(lambda: self._hub.client.session(session), None)
        if not info:
            return None
        return (info["session"], local_time(info["start"]), local_time(info["end"]), info["num_cmds"], info["remark"])

    def get_last_session_id(self):
        summary = self._hub.read(lambda: self._hub.client.summary(), None)
        last = summary["last_session"] if summary else self._last_number
        return max(last, self.session_number) or None

    def get_tail(self, n=10, raw=True, output=False, include_latest=False):
        if not include_latest:
            n += 1
        mine = list(reversed(self._current(raw, output)))[:n]
        if len(mine) < n:
            answer = self._hub.read(lambda: self._hub.client.tail(n - len(mine), self._key(), output), None)
            mine += list(reversed(self._entries(answer, raw, output)))
        everything = mine[:n]
        if not include_latest:
            return everything[:0:-1]
        return everything[::-1]

    def search(self, pattern="*", raw=True, search_raw=True, output=False, n=None, unique=False):
        glob = pattern.replace("[^", "[!")
        found = [e for e, text in self._current_with_text(raw, output, search_raw) if fnmatch.fnmatchcase(text, glob)]
        answer = self._hub.read(lambda: self._hub.client.search(pattern, search_raw, n, unique, self._key(), output), None)
        if answer and answer.get("truncated"):
            print(f"Callisto: only the latest {len(answer['history'])} matches are shown", file=sys.stderr)
        found += self._entries(answer, raw, output)
        found.sort(key=lambda e: (e[0], e[1]))
        if unique:
            seen = set()
            latest = []
            for entry in reversed(found):
                text = entry[2][0] if output else entry[2]
                if text not in seen:
                    seen.add(text)
                    latest.append(entry)
            found = latest[::-1]
        if n is not None:
            found = found[-n:] if n > 0 else []
        return found

    def get_range(self, session=0, start=1, stop=None, raw=True, output=False):
        if session <= 0:
            session += self.session_number
        if session == self.session_number:
            return self._get_range_session(start, stop, raw, output)
        answer = self._hub.read(lambda: self._hub.client.range(session, start, stop, output), None)
        return iter(self._entries(answer, raw, output))

    # -- helpers ----------------------------------------------------------------------------------
    def _key(self) -> str:
        return self._session_key or ""

    def _current(self, raw: bool, output: bool) -> List[Tuple[int, int, Any]]:
        return [entry for entry, _ in self._current_with_text(raw, output, raw)]

    def _current_with_text(self, raw: bool, output: bool, search_raw: bool):
        inputs = self.input_hist_raw if raw else self.input_hist_parsed
        searched = self.input_hist_raw if search_raw else self.input_hist_parsed
        number = self.session_number
        out = []
        for line in range(1, len(inputs)):
            text = inputs[line]
            entry = (text, self.output_hist_reprs.get(line)) if output else text
            out.append(((number, line, entry), searched[line] if line < len(searched) else text))
        return out

    @staticmethod
    def _entries(answer, raw: bool, output: bool) -> List[Tuple[int, int, Any]]:
        if not answer:
            return []
        out = []
        for e in answer["history"]:
            text = e["source_raw"] if raw else e["source"]
            out.append((e["session"], e["line"], (text, e.get("output")) if output else text))
        return out
