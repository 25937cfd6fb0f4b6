"""
What an answer leaves behind is found and ended, quickly and always: with a
cgroup per worker where the machine allows it, and with the subreapers alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from faq_checks.run import cgroups
from faq_checks.run.client import Runner
from tests.helpers import alive, processes_named, sample

LEFTOVERS = ["setsid-chain", "leaves-pool", "keeps-forking"]
#: What the subreapers alone reliably catch: a fast fork-and-exit chain can
#: slip through every scan of /proc (README, "What the sandbox does and does
#: not protect"); only a cgroup holds it.
WITHOUT_CGROUPS = ["leaves-pool", "keeps-forking"]
#: The answers' own timeout: cleanup must report long before it.
TIMEOUT = 30


@pytest.fixture(scope="module", params=["cgroups", "subreapers"])
def outcomes(request):
    names = LEFTOVERS
    if request.param == "cgroups":
        probe = cgroups.create()
        if probe is None:
            pytest.skip("no writable cgroup v2 with cgroup.kill here: the subreapers alone are tested")
        probe.remove()
    else:
        names = WITHOUT_CGROUPS
    with Runner(jobs=2, timeout=TIMEOUT, settings={"cgroups": request.param == "cgroups"}) as runner:
        results = list(runner.run([sample(name) for name in names]))
    return dict(zip(names, results))


def _outcome(outcomes, name):
    if name not in outcomes:
        pytest.skip(f"{name} is caught only with a cgroup")
    return outcomes[name]


@pytest.mark.parametrize("name", LEFTOVERS)
def test_leftovers_are_reported_long_before_the_timeout(outcomes, name):
    outcome = _outcome(outcomes, name)
    assert outcome.status == "failed", outcome.failures
    assert outcome.seconds < TIMEOUT / 3
    assert any("left" in f.message and "now killed" in f.message for f in outcome.failures)


@pytest.mark.parametrize("name", LEFTOVERS)
def test_nothing_the_answer_started_is_still_running(outcomes, name):
    reported = [int(pid) for f in _outcome(outcomes, name).failures for pid in re.findall(r"pid (\d+)", f.message)]
    assert reported and not [pid for pid in reported if alive(pid)]
    assert processes_named("faqchk-chain") == [] and processes_named("faqchk-forker") == []


def test_multiprocessing_helpers_are_stopped_not_blamed():
    # The spawn and forkserver contexts start a resource tracker (and a fork
    # server) that live as long as the interpreter; the answer closed its pool.
    names = ["pool-spawn", "pool-forkserver"]
    with Runner(jobs=2, timeout=TIMEOUT) as runner:
        results = list(runner.run([sample(name) for name in names]))
    assert [(o.status, o.failures) for o in results] == [("passed", []), ("passed", [])]


def test_a_killed_servers_cgroups_are_removed_by_the_next(tmp_path):
    tree = cgroups.create()
    if tree is None:
        pytest.skip("no writable cgroup v2 with cgroup.kill here")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = os.path.join(os.path.dirname(tree.path), f"faq-check-{gone}")
    os.mkdir(stale)
    os.mkdir(os.path.join(stale, "job-1"))
    tree.remove()
    cgroups.create().remove()
    assert not os.path.exists(stale)
