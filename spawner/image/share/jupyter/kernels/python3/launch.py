"""Launches a kernel with Callisto's IPython extension from a checkout of the repository.

This kernelspec sits in ``spawner/image/share/jupyter/kernels/python3``; the hub's local spawner puts
``spawner/image/share/jupyter`` on ``JUPYTER_PATH``, so it replaces the system's ``python3`` kernel. The
extension is found next to it, in ``spawner/image/src``. Debian's ``/usr/bin/python3`` runs it: that is
where IPython and ipykernel are installed.
"""

import os
import sys

_src = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "src"))
# This script's directory is sys.path[0]; the extension's source takes its place.
sys.path[0] = _src

from callisto_ipython.kernel import main  # noqa: E402

main()
