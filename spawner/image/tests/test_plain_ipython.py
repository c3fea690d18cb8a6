"""Without a hub, or with the extension switched off, a kernel is plain IPython with its own files."""

from pathlib import Path


def test_a_kernel_without_a_hub_keeps_ipythons_own_history_and_store(tmp_path, kernels):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "IPYTHONDIR": str(tmp_path / "ipython"), "LANG": "C.UTF-8"}
    kernel = kernels(env)
    assert kernel.ok("type(get_ipython().history_manager).__module__").result == "'IPython.core.history'"
    kernel.ok("x = 5")
    kernel.ok("%store x")
    assert kernel.ok("sorted(get_ipython().extension_manager.loaded)").result == "['IPython.extensions.storemagic']"
    kernel.shutdown()
    profile = Path(tmp_path / "ipython" / "profile_default")
    assert (profile / "history.sqlite").is_file()
    assert (profile / "db" / "autorestore" / "x").is_file()


def test_switched_off_the_hub_is_not_used_even_when_it_is_there(person, kernels):
    ivy = person("ivy")
    kernel = kernels(ivy.kernel_env(CALLISTO_IPYTHON="off"))
    assert kernel.ok("type(get_ipython().history_manager).__module__").result == "'IPython.core.history'"
    kernel.ok("%store -z")
    kernel.shutdown()
    assert ivy.sessions() == []
    assert (ivy.home / ".ipython" / "profile_default" / "history.sqlite").is_file()
