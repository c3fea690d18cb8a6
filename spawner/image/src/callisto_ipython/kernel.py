"""The kernel launcher of Callisto's ``python3`` kernelspec.

Starts ipykernel as ``python -m ipykernel_launcher`` would. When the kernel runs under a hub (see
:func:`callisto_ipython.settings.active`), it adds ``--ext=callisto_ipython`` and points IPython's SQLite
history at ``:memory:``, so no ``history.sqlite`` is opened on a (possibly NFS) home directory. Without a
hub, or with ``CALLISTO_IPYTHON=off``, the kernel is plain IPython with its own files.
"""

from __future__ import annotations

import sys
from typing import List, Optional

from .settings import active

EXTENSION_ARGS = ["--ext=callisto_ipython", "--HistoryManager.hist_file=:memory:"]


def kernel_args(argv: List[str], environ=None) -> List[str]:
    import os

    return list(argv) + (EXTENSION_ARGS if active(os.environ if environ is None else environ) else [])


def main(argv: Optional[List[str]] = None) -> None:
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=kernel_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    if sys.path and sys.path[0] in ("", "."):
        del sys.path[0]  # as ipykernel_launcher: the kernel puts the working directory back itself
    main()
