"""The kernel launcher and the kernelspec installer."""

import json
import subprocess
import sys

from conftest import KERNELS, SRC

from callisto_ipython.kernel import EXTENSION_ARGS, kernel_args

HUB = {"JUPYTERHUB_API_URL": "http://hub:8081/hub/api", "JUPYTERHUB_API_TOKEN": "t", "JUPYTERHUB_USER": "u"}


def test_the_extension_is_added_only_under_a_hub_and_when_not_switched_off():
    assert kernel_args(["-f", "c.json"], HUB) == ["-f", "c.json"] + EXTENSION_ARGS
    assert kernel_args(["-f", "c.json"], dict(HUB, CALLISTO_IPYTHON="on")) == ["-f", "c.json"] + EXTENSION_ARGS
    assert kernel_args(["-f", "c.json"], dict(HUB, CALLISTO_IPYTHON="off")) == ["-f", "c.json"]
    assert kernel_args(["-f", "c.json"], {k: v for k, v in HUB.items() if k != "JUPYTERHUB_API_TOKEN"}) == ["-f", "c.json"]
    assert kernel_args(["-f", "c.json"], {}) == ["-f", "c.json"]


def test_the_repositorys_kernelspec_runs_debians_python_and_finds_the_extension_next_to_it():
    spec = json.loads((KERNELS / "python3" / "kernel.json").read_text())
    assert spec["argv"] == ["/usr/bin/python3", "{resource_dir}/launch.py", "-f", "{connection_file}"]
    assert (KERNELS / "python3" / "launch.py").is_file()
    assert (KERNELS.parents[2] / "src" / "callisto_ipython" / "kernel.py").is_file()


def test_install_kernel_writes_a_kernelspec_for_this_python(tmp_path):
    out = subprocess.run([sys.executable, "-m", "callisto_ipython", "install-kernel", "--prefix", str(tmp_path)],
                         env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True)
    target = tmp_path / "share" / "jupyter" / "kernels" / "python3"
    assert out.stdout.strip() == str(target)
    spec = json.loads((target / "kernel.json").read_text())
    assert spec["argv"] == [sys.executable, "-m", "callisto_ipython.kernel", "-f", "{connection_file}"]
    assert spec["display_name"] == "Python 3 (ipykernel)"
