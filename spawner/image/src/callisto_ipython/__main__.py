"""``python3 -m callisto_ipython install-kernel [--prefix DIR | --user] [--name python3]``

Installs Callisto's kernelspec for this Python (its own interpreter, the launcher in
:mod:`callisto_ipython.kernel`), e.g. in a single-user image: ``--prefix /usr/local`` puts it in
``/usr/local/share/jupyter/kernels/python3``, where it replaces the default ``python3`` kernel.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__


def kernelspec(python: str) -> dict:
    return {
        "argv": [python, "-m", "callisto_ipython.kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"debugger": True, "callisto_ipython": __version__},
    }


def install_kernel(prefix: Path, name: str = "python3", python: str = sys.executable) -> Path:
    target = prefix / "share" / "jupyter" / "kernels" / name
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(kernelspec(python), indent=1) + "\n", encoding="utf-8")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m callisto_ipython")
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser("install-kernel", help="install the kernelspec that loads the extension")
    where = install.add_mutually_exclusive_group()
    where.add_argument("--prefix", type=Path, default=Path(sys.prefix), help="install under PREFIX/share/jupyter (default: sys.prefix)")
    where.add_argument("--user", action="store_true", help="install in ~/.local/share/jupyter")
    install.add_argument("--name", default="python3", help="kernel name (default: python3, replacing the default kernel)")
    args = parser.parse_args(argv)
    prefix = Path(os.path.expanduser("~/.local")) if args.user else args.prefix
    print(install_kernel(prefix, args.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
