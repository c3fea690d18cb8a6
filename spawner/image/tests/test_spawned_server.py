"""The whole chain: a server the hub starts with its local spawner runs kernels that load the extension."""

import json
import urllib.request

from conftest import wait_until


def test_a_kernel_of_a_spawned_server_keeps_its_history_on_the_hub(hub, person):
    jo = person("jo")
    token = hub.api("POST", "/users/jo/tokens", {"note": "browser stand-in"})["token"]
    hub.api("POST", "/users/jo/server", expect=(201, 202))
    try:
        wait_until(lambda: hub.api("GET", "/users/jo")["servers"].get("", {}).get("ready"), 60, "jo's server to be ready",
                   interval=0.25)
        server = f"http://127.0.0.1:{hub.public_port}/user/jo/api/kernels"
        request = urllib.request.Request(server, data=b"{}", method="POST", headers={
            "Authorization": "token " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as r:
            kernel = json.loads(r.read())
        # The extension registers the kernel's session with the hub as it starts.
        sessions = wait_until(jo.sessions, 60, "the spawned kernel's session on the hub", interval=0.25)
        assert [(s["session"], s["server"]) for s in sessions] == [(1, "")]
        request = urllib.request.Request(f"{server}/{kernel['id']}", method="DELETE", headers={"Authorization": "token " + token})
        urllib.request.urlopen(request, timeout=30).close()
        wait_until(lambda: jo.sessions()[0]["end"], 30, "the session ended with its kernel", interval=0.25)
    finally:
        hub.api("DELETE", "/users/jo/server", expect=(202, 204))
