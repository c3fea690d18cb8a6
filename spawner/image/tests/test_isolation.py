"""Two people never see each other's IPython state, through kernels or the API."""


def test_two_users_never_see_each_others_history_or_variables(person, kernels, hub):
    eve = person("eve")
    finn = person("finn")
    eves = kernels(eve.kernel_env())
    eves.ok("eve_secret = 'swordfish'")
    eves.ok("%store eve_secret")
    eves.shutdown()

    finns = kernels(finn.kernel_env())
    assert finns.run("eve_secret").error == "NameError: name 'eve_secret' is not defined"
    assert "swordfish" not in finns.ok("%history -g").stdout
    assert finns.history(hist_access_type="tail", n=100, raw=True, output=False) == [(1, 1, "eve_secret"), (1, 2, "%history -g")]
    assert "no stored variable or alias eve_secret" in finns.ok("%store -r eve_secret").stdout
    assert finns.ok("get_ipython().history_manager.session_number").result == "1", "numbering is per user"

    for path in ("/ipython", "/ipython/history/tail", "/ipython/variables", "/ipython/sessions/1/history"):
        status, _ = hub.call("GET", f"/users/eve{path}", token=finn.token)
        assert status == 403, path
    status, _ = hub.call("POST", "/users/eve/ipython/history", {"session": "intruder"}, token=finn.token)
    assert status == 403
    assert [s["session"] for s in eve.sessions()] == [1]
