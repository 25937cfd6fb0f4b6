"""The fork server and its workers, on small answers that misbehave on purpose."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from faq_checks.run.client import Runner
from tests.helpers import processes_with, sample, statuses


#: The command-line marker of the processes "hangs-with-children" starts.
MARKER = "faq-check-test-marker-hangs-with-children"


@pytest.fixture(scope="module")
def own_marker():
    """
    A marker no other run on this machine uses: the same sample may be running
    in another pytest at this moment, and its processes are not ours to judge.
    """
    return f"{MARKER}-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, own_marker):
    """Run every misbehaving sample once, together, as a real run would."""
    names = ["passes", "hangs", "hangs-in-reactor", "hangs-with-children", "segfaults", "exits",
             "sys-exit", "fails-assertion", "installs-reactor", "leaves-child", "leaves-daemon",
             "bad-syntax", "malformed", "not-utf8", "prints-a-lot", "forks-and-continues", "waits-on-child"]
    marked = tmp_path_factory.mktemp("marked") / "hangs-with-children.rst"
    marked.write_text(open(sample("hangs-with-children")).read().replace(MARKER, own_marker))
    paths = [str(marked) if name == "hangs-with-children" else sample(name) for name in names]
    with Runner(jobs=2) as runner:
        results = list(runner.run(paths))
    return dict(zip(names, results))


def test_a_passing_answer_runs_the_reactor_and_passes(outcomes):
    outcome = outcomes["passes"]
    assert (outcome.status, statuses(outcome)) == ("passed", ["passed", "passed"])
    assert outcome.title == "Passes"


def test_each_answer_gets_a_fresh_reactor(outcomes):
    # "passes" ran the default reactor; this one installs asyncio's in its own process.
    assert outcomes["installs-reactor"].status == "passed"


def test_a_hang_times_out_at_the_line_it_hung(outcomes):
    outcome = outcomes["hangs"]
    assert outcome.status == "timeout"
    assert statuses(outcome) == ["passed", "failed", "not_run"]
    assert outcome.examples[1].line == 13  # time.sleep(600), from faulthandler's dump
    assert "timed out after 2 s" in outcome.examples[1].message


def test_a_timeout_while_waiting_on_a_child_is_a_timeout_not_the_childs_failure(outcomes):
    # The stack dump asked for at the deadline goes to the worker alone: sent
    # to its children too, it killed them (SIGUSR1), the wait returned, the
    # check after it failed and the answer ran on to a plain "failed".
    outcome = outcomes["waits-on-child"]
    assert outcome.status == "timeout", outcome
    assert statuses(outcome) == ["failed", "not_run"]
    assert outcome.examples[0].line == 14  # the subprocess.run, from faulthandler's dump
    assert "timed out after 2 s" in outcome.examples[0].message


def test_a_hang_inside_reactor_run_is_still_stopped(outcomes):
    outcome = outcomes["hangs-in-reactor"]
    assert outcome.status == "timeout"
    assert statuses(outcome) == ["failed", "not_run"]
    assert "epollreactor" in outcome.examples[0].message or "doPoll" in outcome.examples[0].message


def test_a_timeout_ends_children_and_escaped_daemons(outcomes, own_marker):
    assert outcomes["hangs-with-children"].status == "timeout"
    assert processes_with(own_marker) == []


def test_a_segfault_is_a_crash_blamed_on_its_line(outcomes):
    outcome = outcomes["segfaults"]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["passed", "failed", "not_run"]
    assert outcome.examples[1].line == 11
    assert "SIGSEGV" in outcome.examples[1].message


def test_os_exit_is_a_crash_and_the_rest_not_run(outcomes):
    outcome = outcomes["exits"]
    assert outcome.status == "crashed"
    assert statuses(outcome) == ["failed", "not_run"]
    assert "status 3" in outcome.examples[0].message


def test_sys_exit_fails_one_example_and_the_answer_goes_on(outcomes):
    outcome = outcomes["sys-exit"]
    assert outcome.status == "failed"
    assert statuses(outcome) == ["failed", "passed"]
    assert "SystemExit: 4" in outcome.examples[0].message


def test_an_assertion_failure_points_at_the_rst_line(outcomes):
    outcome = outcomes["fails-assertion"]
    assert statuses(outcome) == ["passed", "failed", "passed"]
    assert [(f.line, "the answer is 42" in f.message) for f in outcome.failures] == [(10, True)]
    assert "faq_checks" not in outcome.failures[0].message  # no runner frames


@pytest.mark.parametrize("name", ["leaves-child", "leaves-daemon"])
def test_leftover_processes_fail_the_answer_and_are_killed(outcomes, name):
    outcome = outcomes[name]
    assert outcome.status == "failed"
    assert statuses(outcome) == ["passed"]
    (failure,) = outcome.failures
    pid = int(re.search(r"pid (\d+)", failure.message).group(1))
    assert not os.path.exists(f"/proc/{pid}")


def test_python2_syntax_is_reported_at_its_line(outcomes):
    (failure,) = outcomes["bad-syntax"].failures
    assert failure.line == 6 and "SyntaxError" in failure.message


@pytest.mark.parametrize("name, line, text", [
    ("malformed", 4, "couldn't find the start of the block"),
    ("not-utf8", 1, "cannot read"),
])
def test_unreadable_answers_are_errors_naming_the_line(outcomes, name, line, text):
    outcome = outcomes[name]
    assert outcome.status == "error"
    assert [(f.line, text in f.message) for f in outcome.failures] == [(line, True)]
    assert "Traceback" not in outcome.failures[0].message


def test_huge_output_is_kept_as_a_tail(outcomes):
    (failure,) = outcomes["prints-a-lot"].failures
    assert "line 199999" in failure.message
    assert "line 0\n" not in failure.message
    assert len(failure.message) < 10_000


def test_reports_from_a_forked_child_fail_the_answer_naming_the_child(outcomes):
    """Once accepted (the child's lines carried the worker's pid and token), and overwritten by luck."""
    outcome = outcomes["forks-and-continues"]
    assert outcome.status == "crashed"
    # The child's first report may come before or after the worker's report of the first example.
    assert statuses(outcome) in (["passed", "failed"], ["failed", "not_run"])
    (failure,) = outcome.failures
    assert "not the worker" in failure.message
    assert "end a forked child with os._exit" in failure.message


def test_answers_own_timeout_field_beats_the_default(tmp_path):
    answer = tmp_path / "slow.rst"
    answer.write_text("Slow\n====\n\n:timeout: 1\n\n.. code-block:: python\n\n    import time\n    time.sleep(30)\n")
    with Runner(timeout=60) as runner:
        (outcome,) = runner.run([str(answer)])
    assert outcome.status == "timeout" and outcome.seconds < 20


def test_worker_starts_in_its_own_temporary_directory(tmp_path):
    answer = tmp_path / "where.rst"
    answer.write_text(
        "Where\n=====\n\n.. code-block:: python\n\n"
        "    import os, tempfile\n    here = os.getcwd()\n"
        "    assert os.listdir(here) == [], os.listdir(here)\n"
        "    assert tempfile.gettempdir() == here\n"
        "    assert here != %r\n" % os.getcwd())
    with Runner() as runner:
        (outcome,) = runner.run([str(answer), ])
    assert outcome.status == "passed", outcome.failures
