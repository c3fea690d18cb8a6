"""Where the hub is and who we are, from the single-user server's environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

SWITCH = "CALLISTO_IPYTHON"
OFF = ("off", "0", "false", "no")


@dataclass(frozen=True)
class Settings:
    api_url: str
    """The hub's API, e.g. ``http://127.0.0.1:8081/hub/api``."""
    token: str
    user: str
    server: str
    """The server the kernel runs in (``""`` for the default server)."""
    spool_dir: Path
    """Where writes wait while the hub cannot be reached."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> Optional["Settings"]:
        """The settings, or None when the kernel does not run under a hub or the extension is switched off."""
        if environ.get(SWITCH, "on").strip().lower() in OFF:
            return None
        url = environ.get("JUPYTERHUB_API_URL", "").strip()
        token = (environ.get("JUPYTERHUB_API_TOKEN") or environ.get("JPY_API_TOKEN") or "").strip()
        user = environ.get("JUPYTERHUB_USER", "").strip()
        if not (url and token and user):
            return None
        spool = environ.get("CALLISTO_IPYTHON_SPOOL")
        if not spool:
            data_home = environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
            spool = os.path.join(data_home, "callisto", "ipython-spool")
        return cls(url.rstrip("/"), token, user, environ.get("JUPYTERHUB_SERVER_NAME", ""), Path(spool))


def active(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a kernel started with this environment should load the extension."""
    return Settings.from_environ(environ) is not None
