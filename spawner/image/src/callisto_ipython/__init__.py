"""Callisto's IPython extension: IPython history and ``%store`` variables kept by the hub.

Loaded in a kernel that runs under a Callisto (or JupyterHub-compatible) hub -- ``JUPYTERHUB_API_URL``,
``JUPYTERHUB_API_TOKEN`` and ``JUPYTERHUB_USER`` set, ``CALLISTO_IPYTHON`` not ``off`` -- it makes the
shell's history manager and ``%store``'s database hub-backed: every input, output and session goes to
the hub's PostgreSQL, and a later kernel of the same user, wherever it runs, sees all of it
(``%history -g``, ``%rerun``, ``%recall``, ``%macro``, arrow keys in a console) and gets its stored
variables back at start-up.

Cells never wait on the network: writes are queued and sent in batches by a background thread; while
the hub cannot be reached they are kept in a spool file (``~/.local/share/callisto/ipython-spool``) and
sent later, by this kernel or the next one. Without a hub the extension does nothing, and IPython keeps
its own files.
"""

from .extension import load_ipython_extension, unload_ipython_extension

__all__ = ["load_ipython_extension", "unload_ipython_extension"]
__version__ = "0.1.0"
