"""Loading and unloading the extension: wires the hub-backed history and store into a shell."""

from __future__ import annotations

import atexit
import logging
import sys
import uuid
from typing import Any, Callable, Optional

from IPython.core.history import HistoryManager

from .client import HubClient, HubError, Unreachable
from .history import HubHistoryManager
from .settings import Settings
from .spool import Spool
from .store import HubStore
from .writer import Writer

log = logging.getLogger("callisto_ipython")

DEFAULT_LIMITS = {"max_cell_size": 1 << 20, "max_value_size": 4 << 20, "max_store_size": 64 << 20}


class Hub:
    """The extension's state in one kernel: settings, client, writer, limits, and how reads behave."""

    startup_timeout = 3.0
    read_timeout = 5.0
    read_flush_timeout = 2.0
    close_timeout = 3.0

    def __init__(self, settings: Settings, key: str):
        self.settings = settings
        self.client = HubClient(settings.api_url, settings.token, settings.user)
        self.spool = Spool(settings.spool_dir, key)
        self.writer = Writer(self.client, self.spool, on_session_number=self._on_session_number)
        self.limits = dict(DEFAULT_LIMITS)
        self.last_session = 0
        self.history: Optional[HubHistoryManager] = None
        self._read_warned = False

    @property
    def max_cell_size(self) -> int:
        return int(self.limits["max_cell_size"])

    def _on_session_number(self, key: str, number: int) -> None:
        if self.history is not None:
            self.history.on_session_number(key, number)

    def notice(self, message: str) -> None:
        self.writer.notices.append(message)

    def read(self, call: Callable[[], Any], default: Any, missing: Optional[Exception] = None) -> Any:
        """A read from the hub, after sending what is pending (briefly). A 404 is ``missing`` (raised) or
        ``default``; when the hub cannot answer, a warning and ``default``."""
        self.writer.flush(self.read_flush_timeout)
        try:
            answer = call()
            self._read_warned = False
            return answer
        except HubError as e:
            if e.status == 404:
                if missing is not None:
                    raise missing
                return default
            problem = e.message
        except Unreachable as e:
            problem = f"the hub cannot be reached ({e})"
        if not self._read_warned:
            self._read_warned = True
            print(f"Callisto: {problem}; showing only what this kernel knows", file=sys.stderr)
        return default

    def show_notices(self, *args) -> None:
        while self.writer.notices:
            print(self.writer.notices.popleft(), file=sys.stderr)


def load_ipython_extension(ip) -> None:
    if getattr(ip, "_callisto_hub", None) is not None:
        return
    settings = Settings.from_environ()
    if settings is None:
        log.info("Callisto IPython extension: no hub in this kernel's environment (or CALLISTO_IPYTHON=off); "
                 "IPython keeps its own history")
        return
    hub = Hub(settings, uuid.uuid4().hex)
    try:
        summary = hub.client.summary(timeout=hub.startup_timeout)
        hub.limits.update(summary.get("limits", {}))
        hub.last_session = int(summary.get("last_session", 0))
        online = True
    except HubError as e:
        print(f"Callisto: the hub refused this kernel access to IPython history ({e.message}); "
              "this kernel's history is not kept beyond it", file=sys.stderr)
        hub.client.close()
        return
    except Unreachable as e:
        log.warning("Callisto: the hub cannot be reached (%s); history and %%store are kept locally until it can", e)
        online = False
    hub.spool.claim_orphans()
    hub.writer.start()
    if online and hub.spool.has_data():
        hub.writer.flush(hub.startup_timeout)  # what earlier kernels left unsent goes first
    _install_history(ip, hub)
    store = HubStore(hub, ip.db)
    ip.db = store
    if online:
        try:
            store.restore_all(ip.user_ns)
        except (HubError, Unreachable) as e:
            print(f"Callisto: could not restore stored variables ({e})", file=sys.stderr)
    ip.events.register("post_run_cell", hub.show_notices)
    atexit.register(_at_exit, ip, hub)
    ip._callisto_hub = hub


def _install_history(ip, hub: Hub) -> None:
    old = ip.history_manager
    manager = HubHistoryManager(shell=ip, parent=ip, hub=hub,
                                input_hist_parsed=old.input_hist_parsed, input_hist_raw=old.input_hist_raw,
                                output_hist=old.output_hist, output_hist_reprs=old.output_hist_reprs,
                                dir_hist=old.dir_hist)
    manager._i00, manager._i, manager._ii, manager._iii = old._i00, old._i, old._ii, old._iii
    hub.history = manager
    # Cells run before the extension loaded (a %load_ext by hand) join the new session.
    for line in range(1, len(old.input_hist_parsed)):
        hub.writer.input(manager._session_key, line, old.input_hist_parsed[line], old.input_hist_raw[line])
        if line in old.output_hist_reprs:
            hub.writer.output(manager._session_key, line, str(old.output_hist_reprs[line]))
    if getattr(old, "save_thread", None) is not None:
        old.save_thread.stop()
    ip.history_manager = manager
    ip.configurables = [manager if c is old else c for c in ip.configurables]
    ip.user_ns.update({"_ih": manager.input_hist_parsed, "In": manager.input_hist_parsed,
                       "_oh": manager.output_hist, "Out": manager.output_hist, "_dh": manager.dir_hist})


def _at_exit(ip, hub: Hub) -> None:
    """Ends the session and sends what is left (the rest waits in the spool for the next kernel)."""
    if ip.history_manager is hub.history:
        hub.history.end_session()
    hub.writer.close(hub.close_timeout)


def unload_ipython_extension(ip) -> None:
    """Sends what is left and gives the shell back a plain, in-memory history manager and IPython's own db."""
    hub = getattr(ip, "_callisto_hub", None)
    if hub is None:
        return
    if isinstance(ip.db, HubStore):
        ip.db = ip.db._local
    ip.events.unregister("post_run_cell", hub.show_notices)
    _at_exit(ip, hub)
    atexit.unregister(_at_exit)
    current = ip.history_manager
    plain = HistoryManager(shell=ip, parent=ip, hist_file=":memory:",
                           input_hist_parsed=current.input_hist_parsed, input_hist_raw=current.input_hist_raw,
                           output_hist=current.output_hist, output_hist_reprs=current.output_hist_reprs,
                           dir_hist=current.dir_hist)
    ip.history_manager = plain
    ip.configurables = [plain if c is current else c for c in ip.configurables]
    ip._callisto_hub = None
