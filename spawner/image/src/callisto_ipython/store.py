"""``%store`` kept by the hub.

IPython's ``%store`` magic (the ``storemagic`` extension, loaded by default) keeps variables in the
shell's ``db`` -- a pickleshare directory in the profile -- under ``autorestore/<name>``. This module puts
a mapping in front of that ``db``: ``autorestore/`` keys are the hub's stored variables, anything else
(bookmarks, directory history, stored aliases) stays in IPython's own ``db``. So ``%store x``,
``%store -r [x]``, ``%store -d x``, ``%store -z`` and the listing work unchanged, on the hub.

A write pickles the value at once (so errors show in the cell), checks it against the hub's limits,
and leaves the sending to the writer thread. Reads ask the hub, after sending what is pending, and
fall back to what this kernel wrote or read last when the hub cannot be reached.
"""

from __future__ import annotations

import base64
import fnmatch
import pickle
import sys
from typing import Any, Dict, List, Optional

from IPython.core.error import UsageError

PREFIX = "autorestore/"


class HubStore:
    """The shell's ``db``, with ``autorestore/<name>`` on the hub."""

    def __init__(self, hub, local):
        self._hub = hub
        self._local = local
        self._pickles: Dict[str, bytes] = {}
        self._sizes: Dict[str, int] = {}

    # -- the hub's part ---------------------------------------------------------------------------
    def restore_all(self, user_ns: Dict[str, Any]) -> List[str]:
        """Puts every stored variable into ``user_ns`` (autorestore); the names restored."""
        restored = []
        variables = self._hub.client.variables(values=True, timeout=self._hub.startup_timeout)
        for variable in variables:
            name = variable["name"]
            data = base64.b64decode(variable["value"])
            self._pickles[name] = data
            self._sizes[name] = len(data)
            try:
                user_ns[name] = pickle.loads(data)
                restored.append(name)
            except Exception as e:  # a class that no longer imports, ...: say so, restore the others
                print(f"Callisto: could not restore stored variable '{name}' ({type(e).__name__}: {e}); "
                      f"'%store -d {name}' forgets it", file=sys.stderr)
        return restored

    def _names(self) -> List[str]:
        def ask():
            return [v["name"] for v in self._hub.client.variables()]
        names = self._hub.read(ask, None)
        if names is None:
            return sorted(self._sizes)
        self._sizes = {n: self._sizes.get(n, 0) for n in names}
        return sorted(names)

    def _get(self, name: str) -> Any:
        def ask():
            return self._hub.client.variable(name)
        try:
            answer = self._hub.read(ask, None, missing=KeyError(PREFIX + name))
        except KeyError:
            self._pickles.pop(name, None)
            self._sizes.pop(name, None)
            raise
        if answer is not None:
            self._pickles[name] = base64.b64decode(answer["value"])
        if name not in self._pickles:
            raise KeyError(PREFIX + name)
        try:
            return pickle.loads(self._pickles[name])
        except Exception as e:  # as pickleshare does: a value that cannot be loaded is missing
            raise KeyError(PREFIX + name) from e

    def _put(self, name: str, value: Any) -> None:
        data = pickle.dumps(value, protocol=pickle.DEFAULT_PROTOCOL)
        limits = self._hub.limits
        if len(data) > limits["max_value_size"]:
            raise UsageError(f"'{name}' pickles to {len(data)} bytes; the hub stores values up to "
                             f"{limits['max_value_size']} bytes")
        total = sum(size for n, size in self._sizes.items() if n != name) + len(data)
        if total > limits["max_store_size"]:
            raise UsageError(f"storing '{name}' would bring your stored variables to {total} bytes; the hub "
                             f"keeps up to {limits['max_store_size']} bytes (forget some with %store -d)")
        self._pickles[name] = data
        self._sizes[name] = len(data)
        self._hub.writer.put(name, type(value).__name__, base64.b64encode(data).decode("ascii"))

    def _delete(self, name: str) -> None:
        if name not in self._sizes and name not in self._names():
            raise KeyError(PREFIX + name)
        self._pickles.pop(name, None)
        self._sizes.pop(name, None)
        self._hub.writer.delete(name)

    # -- the mapping IPython uses -----------------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        if key.startswith(PREFIX):
            return self._get(key[len(PREFIX):])
        return self._local[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key.startswith(PREFIX):
            self._put(key[len(PREFIX):], value)
        else:
            self._local[key] = value

    def __delitem__(self, key: str) -> None:
        if key.startswith(PREFIX):
            self._delete(key[len(PREFIX):])
        else:
            del self._local[key]

    def __contains__(self, key: str) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def get(self, key: str, default: Optional[Any] = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self, globpat: Optional[str] = None) -> List[str]:
        local = self._local.keys(globpat) if globpat else self._local.keys()
        local = [k for k in local if not str(k).startswith(PREFIX)]
        if globpat is not None and not (globpat.startswith(PREFIX) or globpat[:1] in ("*", "?", "[")):
            return local
        hub = [PREFIX + n for n in self._names()]
        if globpat is not None:
            hub = [k for k in hub if fnmatch.fnmatchcase(k, globpat)]
        return hub + local

    def __getattr__(self, name: str) -> Any:
        # pickleshare's other methods (hset, hget, waitget, ...) act on IPython's own db.
        return getattr(self._local, name)

