"""A person's IPython state follows them from kernel to kernel: history, session numbers, %store."""

from conftest import wait_until


def test_history_and_stored_variables_reach_a_new_kernel(person, kernels):
    alice = person("alice")
    first = kernels(alice.kernel_env())
    first.ok("temperature = 21.5")
    first.ok("readings = [temperature, temperature + 1]")
    assert first.ok("len(readings)").result == "2"
    assert first.ok("%store readings").stdout == "Stored 'readings' (list)\n"
    first.ok("def greet(name):\n    return 'hello ' + name")
    assert first.ok("get_ipython().history_manager.session_number").result == "1"
    first.shutdown()

    sessions = alice.sessions()
    assert [s["session"] for s in sessions] == [1]
    assert sessions[0]["end"] is not None and sessions[0]["num_cmds"] == 6
    assert alice.variables() == ["readings"]

    second = kernels(alice.kernel_env())
    # Stored variables are back before the first cell, as with c.StoreMagics.autorestore = True.
    assert second.ok("readings").result == "[21.5, 22.5]"
    assert second.ok("get_ipython().history_manager.session_number").result == "2"
    found = second.ok("%history -g temperature").stdout
    assert " 1/1: temperature = 21.5" in found
    assert " 1/2: readings = [temperature, temperature + 1]" in found
    assert second.ok("%history -n ~1/1-2").stdout == " 1/1: temperature = 21.5\n 1/2: readings = [temperature, temperature + 1]\n"
    assert "1/3: len(readings)\n2" in second.ok("%history -n -o ~1/3").stdout.replace("\n   ", "\n")
    # As in plain IPython, the search itself is the latest match.
    assert second.ok("%history -l 2 -g temperature =").stdout == " 1/1: temperature = 21.5\n   6: %history -l 2 -g temperature =\n"


def test_magics_that_reuse_history_work_across_kernels(person, kernels):
    bea = person("bea")
    first = kernels(bea.kernel_env())
    first.ok("base = 10")
    first.ok("total = base * 3")
    first.ok("%store base")
    first.shutdown()

    second = kernels(bea.kernel_env())
    rerun = second.ok("%rerun -g total =")
    assert "=== Executing: ===\ntotal = base * 3" in rerun.stdout
    assert second.ok("total").result == "30"
    second.ok("%macro twice ~1/1-2")
    second.ok("base = 4")
    second.ok("twice")
    assert second.ok("total").result == "30", "the macro re-ran ~1/1-2 (base = 10; total = base * 3)"
    recall = second.ok("%recall ~1/2")
    assert recall.reply["payload"][0]["text"] == "total = base * 3"
    assert second.ok("_i1").result == "'%rerun -g total ='"
    assert second.ok("_ih[1]").result == "\"get_ipython().run_line_magic('rerun', '-g total =')\""
    assert second.ok("Out[2]").result == "30"
    assert second.ok("%rerun -l 1").stdout.startswith("=== Executing: ===\nOut[2]")


def test_a_console_gets_every_kernels_lines_for_its_arrow_keys(person, kernels):
    cai = person("cai")
    first = kernels(cai.kernel_env())
    first.ok("alpha = 1")
    first.ok("beta = 2")
    first.shutdown()
    second = kernels(cai.kernel_env())
    second.ok("gamma = 3")
    # What jupyter-console asks at start-up (history_load_length) and on Ctrl-R.
    tail = second.history(hist_access_type="tail", n=1000, raw=True, output=False)
    assert tail == [(1, 1, "alpha = 1"), (1, 2, "beta = 2"), (2, 1, "gamma = 3")]
    assert second.history(hist_access_type="search", pattern="*et*", raw=True, output=False, n=10) == [(1, 2, "beta = 2")]
    assert second.history(hist_access_type="range", session=1, start=2, stop=3, raw=True, output=False) == [(1, 2, "beta = 2")]


def test_store_magic_options_act_on_the_hub(person, kernels):
    dev = person("dev")
    kernel = kernels(dev.kernel_env())
    kernel.ok("a = {'k': [1, 2]}\nb = 'text'\nc = 3.5")
    kernel.ok("%store a b c")
    wait_until(lambda: dev.variables() == ["a", "b", "c"], 10, "the three variables on the hub")
    listing = kernel.ok("%store").stdout
    rows = [tuple(part.strip() for part in line.split("->")) for line in listing.splitlines()[1:]]
    assert rows == [("a", "{'k': [1, 2]}"), ("b", "'text'"), ("c", "3.5")]
    kernel.ok("a['k'].append(3)\nb = 'changed'")
    kernel.ok("%store -r b")
    assert kernel.ok("b").result == "'text'"
    kernel.ok("%store -d c")
    assert dev.variables() == ["a", "b"] or wait_until(lambda: dev.variables() == ["a", "b"], 10, "c forgotten")
    assert "no stored variable or alias c" in kernel.ok("%store -r c").stdout
    kernel.ok("%store -z")
    wait_until(lambda: dev.variables() == [], 10, "every variable forgotten")
    assert "Can't delete variable 'nothing'" in kernel.run("%store -d nothing").stderr
