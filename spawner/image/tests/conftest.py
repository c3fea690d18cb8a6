"""Test support: the packaged hub as a real process (embedded PostgreSQL, its own proxy), users and
tokens made through its API, and real IPython kernels started through jupyter_client with Callisto's
kernelspec.

The hub is ``hub/target/quarkus-app/quarkus-run.jar``, built by ``./mvnw -B -q -DskipTests install`` (or
by the Maven run ``./callisto test`` makes first). One hub serves the whole session; a test may kill it
(SIGKILL, as a crash) and start it again on the same state.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest

IMAGE = Path(__file__).resolve().parents[1]
ROOT = IMAGE.parents[1]
SRC = IMAGE / "src"
JAR = ROOT / "hub" / "target" / "quarkus-app" / "quarkus-run.jar"
KERNELS = IMAGE / "share" / "jupyter" / "kernels"

sys.path.insert(0, str(SRC))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    """Polls ``condition`` until it returns something true, or fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


class HubProcess:
    """The packaged hub run from the repository root, as ``./callisto up`` runs it."""

    def __init__(self, state: Path):
        self.state = state
        self.hub_port = free_port()
        self.public_port = free_port()
        self.api_port = free_port()
        self.admin_token = "pytest-admin-token-" + os.urandom(8).hex()
        self.process: Optional[subprocess.Popen] = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.hub_port}/hub/api"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CALLISTO_", "JUPYTERHUB_", "CONFIGPROXY_"))}
        env.update({
            "CALLISTO_STATE_DIR": str(self.state),
            "CALLISTO_ADMIN_PASSWORD": "pytest-admin-password",
            "CALLISTO_ADMIN_TOKEN": self.admin_token,
            "QUARKUS_HTTP_PORT": str(self.hub_port),
            "CALLISTO_HUB_CONNECT_URL": f"http://127.0.0.1:{self.hub_port}",
            "CALLISTO_PROXY_PUBLIC_IP": "127.0.0.1",
            "CALLISTO_PROXY_PUBLIC_PORT": str(self.public_port),
            "CALLISTO_PROXY_API_PORT": str(self.api_port),
            "CALLISTO_SERVERS_POLL_INTERVAL": "PT2S",
        })
        java = shutil.which("java") or "java"
        log = open(self.state / "hub.log", "ab")
        self.process = subprocess.Popen([java, "-jar", str(JAR)], cwd=ROOT, env=env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

        def up():
            if self.process.poll() is not None:
                raise AssertionError(f"the hub exited with {self.process.returncode}:\n{self.log()[-4000:]}")
            try:
                with urllib.request.urlopen(self.api_url + "/", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        wait_until(up, 120, "the hub to answer", interval=0.25)

    def kill(self) -> None:
        """SIGKILL, as a crash: no shutdown runs; the database and proxy it started stay up for the next start."""
        self.process.kill()
        self.process.wait(30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)

    def log(self) -> str:
        return (self.state / "hub.log").read_text(errors="replace")

    def api(self, method: str, path: str, body: Any = None, token: Optional[str] = None, expect=(200, 201, 204)) -> Any:
        """A request to the hub's API; the answer's JSON. Fails on an unexpected status."""
        status, answer = self.call(method, path, body, token)
        assert status in expect, f"{method} {path}: HTTP {status} {answer}"
        return answer

    def call(self, method: str, path: str, body: Any = None, token: Optional[str] = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.api_url + path, data=data, method=method, headers={
            "Authorization": "token " + (token or self.admin_token), "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, json.loads(raw) if raw else None


@dataclass
class Person:
    """A user of the hub, with a token scoped as a server's own token is for IPython."""

    name: str
    token: str
    home: Path
    hub: HubProcess

    def kernel_env(self, **extra: str) -> Dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.home),
            "IPYTHONDIR": str(self.home / ".ipython"),
            "JUPYTERHUB_API_URL": self.hub.api_url,
            "JUPYTERHUB_API_TOKEN": self.token,
            "JUPYTERHUB_USER": self.name,
            "JUPYTERHUB_SERVER_NAME": "",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        env.update(extra)
        return env

    def sessions(self) -> List[Dict[str, Any]]:
        return self.hub.api("GET", f"/users/{self.name}/ipython/sessions?limit=200", token=self.token)

    def lines(self, session: int) -> List[str]:
        answer = self.hub.api("GET", f"/users/{self.name}/ipython/sessions/{session}/history", token=self.token)
        return [e["source_raw"] for e in answer["history"]]

    def variables(self) -> List[str]:
        return [v["name"] for v in self.hub.api("GET", f"/users/{self.name}/ipython/variables", token=self.token)["variables"]]


@dataclass
class Result:
    stdout: str = ""
    stderr: str = ""
    result: Optional[str] = None
    error: Optional[str] = None
    seconds: float = 0.0
    reply: Dict[str, Any] = field(default_factory=dict)
    messages: List[dict] = field(default_factory=list)


class Kernel:
    """A real IPython kernel started from Callisto's kernelspec with the given environment."""

    def __init__(self, env: Dict[str, str], cwd: Path):
        from jupyter_client import KernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        self.manager = KernelManager(kernel_name="python3",
                                     kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(KERNELS)]))
        self.manager.start_kernel(env=env, cwd=str(cwd))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str, timeout: float = 60) -> Result:
        result = Result()

        def hook(msg):
            kind = msg["msg_type"]
            content = msg["content"]
            result.messages.append(msg)
            if kind == "stream":
                if content["name"] == "stdout":
                    result.stdout += content["text"]
                else:
                    result.stderr += content["text"]
            elif kind == "execute_result":
                result.result = content["data"].get("text/plain")
            elif kind == "error":
                result.error = content["ename"] + ": " + content["evalue"]

        started = time.monotonic()
        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=hook, allow_stdin=False)
        result.seconds = time.monotonic() - started
        result.reply = reply["content"]
        if reply["content"]["status"] == "error" and result.error is None:
            result.error = reply["content"].get("ename", "error")
        return result

    def ok(self, code: str, timeout: float = 60) -> Result:
        """Runs a cell that must not fail."""
        result = self.run(code, timeout)
        assert result.error is None, f"{code!r} failed: {result.error}\n{result.stderr}"
        return result

    def history(self, **request) -> list:
        msg_id = self.client.history(**request)
        while True:
            reply = self.client.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                return [tuple(x) for x in reply["content"]["history"]]

    def shutdown(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


@pytest.fixture(scope="session")
def hub(tmp_path_factory):
    if not JAR.is_file():
        pytest.fail(f"{JAR} is missing: build it first with ./mvnw -B -q -DskipTests install", pytrace=False)
    process = HubProcess(tmp_path_factory.mktemp("hub-state"))
    process.start()
    yield process
    process.stop()


@pytest.fixture
def person(hub, tmp_path_factory) -> Callable[[str], Person]:
    """Makes a user with a home of their own and a token scoped like their servers' tokens."""

    def make(name: str) -> Person:
        hub.api("POST", f"/users/{name}", {"password": "password-" + name})
        token = hub.api("POST", f"/users/{name}/tokens",
                        {"note": "kernel", "scopes": [f"ipython!user={name}", f"read:users:name!user={name}"]})["token"]
        return Person(name, token, tmp_path_factory.mktemp("home-" + name), hub)

    return make


@pytest.fixture
def kernels():
    """Starts kernels, and shuts down at the end of the test whichever are still running."""
    started: List[Kernel] = []

    def start(env: Dict[str, str], cwd: Optional[Path] = None) -> Kernel:
        kernel = Kernel(env, cwd or Path(env.get("HOME", tempfile.gettempdir())))
        started.append(kernel)
        return kernel

    yield start
    for kernel in started:
        if kernel.manager.is_alive():
            kernel.shutdown()
