"""The hub's IPython API (``/hub/api/users/{name}/ipython/...``) over plain ``http.client``.

One keep-alive connection per thread. Every request is idempotent, so a request on a connection the hub
closed while it was idle is sent once more on a fresh one.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
from typing import Any, Dict, Iterable, Optional
from urllib.parse import quote, urlencode, urlsplit


class HubError(Exception):
    """The hub answered with an error (``status`` and its ``message``)."""

    def __init__(self, status: int, message: str):
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message


class Unreachable(Exception):
    """The hub could not be reached, or is down for now (no answer, 5xx, 429): try again later."""


class HubClient:
    def __init__(self, api_url: str, token: str, user: str, timeout: float = 10.0):
        parts = urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"JUPYTERHUB_API_URL is not an http(s) URL: {api_url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        self._base = parts.path.rstrip("/") + "/users/" + quote(user, safe="") + "/ipython"
        self._headers = {"Authorization": "token " + token, "Accept": "application/json"}
        self._timeout = timeout
        self._local = threading.local()

    # -- transport --------------------------------------------------------------------------------
    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            conn = cls(self._host, self._port, timeout=timeout)
            self._local.conn = conn
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def _drop_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    def request(self, method: str, path: str = "", body: Any = None, query: Optional[Dict[str, Any]] = None,
                timeout: Optional[float] = None) -> Any:
        """Sends a request; the answer's JSON (None for 204). Raises HubError or Unreachable."""
        url = self._base + path
        if query:
            url += "?" + urlencode({k: _param(v) for k, v in query.items() if v is not None})
        payload = None if body is None else json.dumps(body, separators=(",", ":")).encode("utf-8")
        headers = dict(self._headers)
        if payload is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            conn = self._connection(self._timeout if timeout is None else timeout)
            reused = conn.sock is not None
            try:
                conn.request(method, url, body=payload, headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    self._drop_connection()
                break
            except (OSError, http.client.HTTPException) as e:
                self._drop_connection()
                if attempt == 1 and reused and not isinstance(e, socket.timeout):
                    continue
                raise Unreachable(f"{method} {url}: {e}") from e
        if status >= 500 or status == 429:
            raise Unreachable(f"{method} {url}: HTTP {status}")
        answer = None
        if data:
            try:
                answer = json.loads(data)
            except ValueError:
                answer = None
        if status >= 400:
            message = answer.get("message") if isinstance(answer, dict) else None
            raise HubError(status, message or data.decode("utf-8", "replace")[:500])
        return answer

    def close(self) -> None:
        self._drop_connection()

    # -- the API ----------------------------------------------------------------------------------
    def summary(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return self.request("GET", "", timeout=timeout)

    def append(self, batch: Dict[str, Any], timeout: Optional[float] = None) -> Dict[str, Any]:
        return self.request("POST", "/history", body=batch, timeout=timeout)

    def tail(self, n: int, exclude_key: str = "", output: bool = False, timeout: Optional[float] = None):
        return self.request("GET", "/history/tail", query={"n": n, "exclude_key": exclude_key, "output": output},
                            timeout=timeout)

    def search(self, pattern: str, search_raw: bool = True, n: Optional[int] = None, unique: bool = False,
               exclude_key: str = "", output: bool = False, timeout: Optional[float] = None):
        return self.request("GET", "/history/search", timeout=timeout, query={
            "pattern": pattern, "search_raw": search_raw, "n": n, "unique": unique,
            "exclude_key": exclude_key, "output": output})

    def session(self, number: int, timeout: Optional[float] = None) -> Dict[str, Any]:
        return self.request("GET", f"/sessions/{number}", timeout=timeout)

    def range(self, number: int, start: int, stop: Optional[int], output: bool, timeout: Optional[float] = None):
        return self.request("GET", f"/sessions/{number}/history", timeout=timeout,
                            query={"start": start, "stop": stop, "output": output})

    def variables(self, values: bool = False, timeout: Optional[float] = None) -> Iterable[Dict[str, Any]]:
        return self.request("GET", "/variables", query={"values": values}, timeout=timeout)["variables"]

    def variable(self, name: str, timeout: Optional[float] = None) -> Dict[str, Any]:
        return self.request("GET", "/variables/" + quote(name, safe=""), timeout=timeout)

    def put_variable(self, name: str, type_name: str, value_b64: str, timeout: Optional[float] = None):
        return self.request("PUT", "/variables/" + quote(name, safe=""), body={"type": type_name, "value": value_b64},
                            timeout=timeout)

    def delete_variable(self, name: str, timeout: Optional[float] = None) -> None:
        self.request("DELETE", "/variables/" + quote(name, safe=""), timeout=timeout)


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
