"""
Hostile answers run in one run beside a harmless one: each is reported
against its own answer, the run completes, nothing they started is still
running and nothing is written outside the worker's directory.
"""

from __future__ import annotations

import os
import re
from unittest import mock

import pytest

from faq_checks.run import cgroups
from faq_checks.run.client import Runner
from faq_checks.run.sandbox import limits
from tests.helpers import alive, processes_named, sample

SECRET = "faq-secret-3f9a1c"
HOSTILE = ["reads-secret", "writes-home", "forks-200", "allocates-forever", "prints-forever", "passes"]
#: Lower than the defaults, so that each case hits its limit quickly.
LIMITS = ["memory=1G", "processes=40", "file-size=4M"]
TIMEOUT = 30


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with mock.patch.dict(os.environ, {"FAQ_SECRET_TOKEN": SECRET, "HOME": str(home)}), \
            Runner(jobs=2, timeout=TIMEOUT, settings={"limits": limits(LIMITS)}) as runner:
        outcomes = list(runner.run([sample(name) for name in HOSTILE]))
    return dict(zip(HOSTILE, outcomes)), home


def _text(outcome) -> str:
    return "\n".join(failure.message for failure in outcome.failures)


def test_the_run_completes_and_the_harmless_answer_passes(hostile):
    outcomes, _ = hostile
    assert outcomes["passes"].status == "passed"
    for name in HOSTILE[:-1]:
        assert outcomes[name].path == sample(name)
        assert outcomes[name].status == "failed", (name, outcomes[name].status, _text(outcomes[name]))


def test_a_secret_in_the_runners_environment_is_not_the_answers(hostile):
    text = _text(hostile[0]["reads-secret"])
    assert "environ: None" in text and "child: None" in text and "recorded: False" in text, text
    assert SECRET not in text


def test_home_is_the_workers_own_directory_and_is_removed(hostile):
    outcomes, home = hostile
    text = _text(outcomes["writes-home"])
    planted = re.search(r"planted: (\S+)", text).group(1)
    assert not os.listdir(home), "the answer wrote into the user's home"
    assert not planted.startswith(str(home))
    assert not os.path.exists(os.path.dirname(planted)), "the worker's directory outlived the answer"


def _processes_limited() -> bool:
    """RLIMIT_NPROC binds everyone but root; for root, a pids cgroup must do it."""
    if os.getuid() != 0:
        return True
    tree = cgroups.create_pids()
    if tree is None:
        return False
    tree.remove()
    return True


def test_forking_200_processes_stops_at_the_limit_and_none_is_left(hostile):
    outcome = hostile[0]["forks-200"]
    text = _text(outcome)
    assert not processes_named("faqchk-fork200")
    reported = [int(pid) for pid in re.findall(r"pid (\d+)", text)]
    assert reported and not [pid for pid in reported if alive(pid)]
    if not _processes_limited():
        pytest.skip("root without a writable pids cgroup: nothing limits the processes (README)")
    # Under RLIMIT_NPROC (not root) the allowance is counted over all the
    # user's processes, which come and go: "well short of 200", not "exactly 40".
    started = int(re.search(r"started: (\d+)", text).group(1))
    assert started < 100 and "BlockingIOError" in text, text


def test_allocating_without_bound_fails_at_the_memory_limit(hostile):
    outcome = hostile[0]["allocates-forever"]
    text = _text(outcome)
    assert "MemoryError" in text, text
    kept = max(int(number) for number in re.findall(r"kept: (\d+) MiB", text))
    assert kept < 1024
    assert outcome.seconds < TIMEOUT / 2


def test_printing_without_end_is_bounded_by_the_file_size_limit(hostile):
    outcome = hostile[0]["prints-forever"]
    text = _text(outcome)
    assert "File too large" in text, text[:2000]
    assert len(text) < 10_000  # the report quotes only the output's tail
    assert outcome.seconds < TIMEOUT / 2


def test_an_answer_gets_what_it_declares_and_what_the_user_passes(tmp_path):
    given = {"FAQ_DECLARED": "d", "FAQ_PASSED": "p", "FAQ_UNDECLARED": "u"}
    with mock.patch.dict(os.environ, given), Runner(jobs=1, pass_env=["FAQ_PASSED"]) as runner:
        [outcome] = runner.run([sample("needs-env")])
    text = _text(outcome)
    for line in ("FAQ_DECLARED=d", "FAQ_PASSED=p", "FAQ_UNDECLARED=None", "FAQ_UNSET=None"):
        assert line in text, text


def test_a_runner_refuses_a_name_that_is_not_one():
    with pytest.raises(ValueError, match="not an environment variable name"):
        Runner(pass_env=["NOT-A-NAME"])
